export * from './tables';
export * from './tasks';
