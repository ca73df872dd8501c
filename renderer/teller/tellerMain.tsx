import { createRoot } from 'react-dom/client';
import '../styles.css';
import { connectStation } from '../bridge/connectStation';
import { TellerApp } from './TellerApp';

createRoot(document.getElementById('root')!).render(<TellerApp api={connectStation('teller')} />);
