export * from './calling-window';
export * from './timezone';
