/** A validated DTO carries every declared field, unset ones as undefined: keep only what was sent. */
export function definedFields<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as Partial<T>;
}
