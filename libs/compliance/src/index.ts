export * from './attempt-policy';
export * from './calling-window';
export * from './gate';
export * from './timezone';
