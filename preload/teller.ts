import { exposeStationApi } from './electronStationApi';

exposeStationApi('teller');
