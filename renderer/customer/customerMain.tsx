import { createRoot } from 'react-dom/client';
import '../styles.css';
import { connectStation } from '../bridge/connectStation';
import { CustomerApp } from './CustomerApp';

createRoot(document.getElementById('root')!).render(<CustomerApp api={connectStation('customer')} />);
