import { createInMemorySigningRequestRepository } from './inMemorySigningRequestRepository';
import { describeSigningRequestRepositoryContract } from '../../../test/support/signingRequestRepositoryContract';

describeSigningRequestRepositoryContract('in memory', () => createInMemorySigningRequestRepository());
