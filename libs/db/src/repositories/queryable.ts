import type { EntityManager } from 'typeorm';

/** A DataSource, or the EntityManager of a transaction that spans several repositories. */
export type Queryable = Pick<EntityManager, 'query'>;

export async function selectRows<T>(db: Queryable, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, params)) as T[];
}

export async function selectRow<T>(db: Queryable, sql: string, params: unknown[] = []): Promise<T | null> {
  return (await selectRows<T>(db, sql, params))[0] ?? null;
}

/** Rows an UPDATE or DELETE changed: TypeORM answers those statements with [rows, count]. */
export async function changeRows(db: Queryable, sql: string, params: unknown[]): Promise<number> {
  const [, count] = (await db.query(sql, params)) as [unknown[], number];
  return count;
}

/** The one row a statement always answers: an unconditional INSERT … RETURNING, or an aggregate. */
export async function singleRow<T>(db: Queryable, sql: string, params: unknown[]): Promise<T> {
  const [row] = await selectRows<T>(db, sql, params);
  if (!row) throw new Error(`no row returned by: ${sql.slice(0, 60)}`);
  return row;
}

/** SQL conditions joined by AND, their parameters numbered from $1 in the order they were added. */
export class Conditions {
  private readonly sql: string[] = [];
  readonly params: unknown[] = [];

  add(condition: (...placeholders: string[]) => string, ...values: unknown[]): void {
    const placeholders = values.map((value) => `$${this.params.push(value)}`);
    this.sql.push(condition(...placeholders));
  }

  get where(): string {
    return this.sql.join(' AND ');
  }
}
