import { exposeStationApi } from './electronStationApi';

exposeStationApi('customer');
