import { randomUUID } from 'node:crypto';

/** An order row, with fields no client may see. */
export interface OrderRow {
  id: string;
  title: string;
  lines: Array<{ sku: string; quantity: number; costPrice: number }>;
  internalNote: string;
  tenantId: string;
  supplierPassword: string;
}

/** The test app's "database": counts every write, so tests can prove nothing was written. */
export class OrderStore {
  readonly rows = new Map<string, OrderRow>();
  writes = 0;

  insert(title: string, lines: Array<{ sku: string; quantity: number }>): OrderRow {
    this.writes += 1;
    const row: OrderRow = {
      id: randomUUID(),
      title,
      lines: lines.map((l) => ({ ...l, costPrice: 4.2 })),
      internalNote: 'supplier is late again',
      tenantId: 'tenant-a',
      supplierPassword: 'hunter2-supplier',
    };
    this.rows.set(row.id, row);
    return row;
  }

  reset(): void {
    this.rows.clear();
    this.writes = 0;
  }
}

/** What reached the handlers: one entry per call with the arguments they received. */
export interface HandlerCall {
  readonly handler: string;
  readonly args: readonly unknown[];
}
