import { createInMemorySigningRequestRepository } from './inMemorySigningRequestRepository';
import { describeSigningRequestRepositoryContract } from './signingRequestRepositoryContract';

describeSigningRequestRepositoryContract('in memory', () => createInMemorySigningRequestRepository());
