// Entity ids of the generated data. The MySQL schema declares customer, product, order and
// inventory ids VARCHAR(8), so an id must never exceed 8 characters whatever the scale.
//
// The rule (per entity, fixed for a whole file so that ids sort in numeric order):
//   digits = max(4, number of digits of the entity count)   -> 0001.. at small scales
//   id     = PREFIX + zero-padded number, when that fits in the width limit (CUST0001, ORD00001)
//   id     = first letter of PREFIX + zero-padded number, otherwise (C00001, O1000000)
// So CUST keeps its prefix up to 9,999 customers, ORD up to 99,999 orders (5 digits), and the
// one-letter form holds up to 9,999,999 rows (scale 1000 writes 1,000,000 orders: O1000000).
// Reviews (REV) and warehouses (WH) have no width limit in the schema; they only grow digits.

import type { Sizes } from './sizes';

export type Entity = 'customer' | 'product' | 'order' | 'inventory' | 'review' | 'warehouse';

const PREFIX: Record<Entity, string> = {
  customer: 'CUST', product: 'PROD', order: 'ORD', inventory: 'INV', review: 'REV', warehouse: 'WH',
};

/** The longest id each entity may have (VARCHAR sizes of the contract's MySQL schema). */
export const MAX_ID_LENGTH: Record<Entity, number> = {
  customer: 8, product: 8, order: 8, inventory: 8, review: Infinity, warehouse: 5,
};

const MIN_DIGITS: Record<Entity, number> = {
  customer: 4, product: 4, order: 4, inventory: 4, review: 4, warehouse: 3,
};

export class IdRangeError extends Error {}

/** A function n -> id for ids 1..count of an entity. */
export function idFormat(entity: Entity, count: number): (n: number) => string {
  const digits = Math.max(MIN_DIGITS[entity], String(count).length);
  const limit = MAX_ID_LENGTH[entity];
  let prefix = PREFIX[entity];
  if (prefix.length + digits > limit) prefix = prefix[0];
  if (prefix.length + digits > limit) {
    throw new IdRangeError(`${count} ${entity} ids cannot fit in ${limit} characters (at most ${10 ** (limit - 1) - 1})`);
  }
  return (n: number) => prefix + String(n).padStart(digits, '0');
}

/**
 * The id formats of one data set. Products and customers are formatted for their whole id
 * range (listed + unknown ids, see sizes.ts), so a listed and an unknown id have the same width.
 */
export function dataSetIds(sizes: Sizes): Record<Entity, (n: number) => string> {
  return {
    customer: idFormat('customer', sizes.customers + sizes.unknownCustomers),
    product: idFormat('product', sizes.products + sizes.unknownProducts),
    order: idFormat('order', sizes.orders),
    inventory: idFormat('inventory', sizes.inventory),
    review: idFormat('review', sizes.reviews),
    warehouse: idFormat('warehouse', sizes.warehouses),
  };
}
