import './styles.css';
export * from './notifications';
export { NotificationCenter, connectionText, type NotificationCenterProps } from './components/NotificationCenter';
export * from './push';
