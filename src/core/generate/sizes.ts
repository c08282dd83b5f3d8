// How many rows each file gets for a --scale. Scale 1 is the committed sample (100 customers,
// 100 orders); orders grow with the square of the scale up to 10 per customer, so scale 100
// writes 100k orders and scale 1000 a million, while customers and products grow linearly.
//
// Two id ranges reach past the files on purpose, as in the original pipeline's sample data:
// order items name about as many products again that the product file does not list (sold,
// then dropped from the catalog export), and the preferences file names a few customers the
// customer file does not have. The pipeline must keep those rows, not lose them in a join.
export interface Sizes {
  customers: number;
  products: number;
  inventory: number;
  orders: number;
  orderItems: number;
  reviews: number;
  warehouses: number;
  /** Product ids after the last listed product that only order items use. */
  unknownProducts: number;
  /** Customer ids after the last listed customer that only the preferences file uses. */
  unknownCustomers: number;
}

export function sizesFor(scale: number): Sizes {
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`scale must be a whole number >= 1, got ${scale}`);
  const customers = 100 * scale;
  const orders = customers * Math.min(10, scale);
  return {
    customers,
    products: 100 * scale,
    inventory: 100 * scale,
    orders,
    orderItems: 2 * orders,
    reviews: 220 * scale,
    warehouses: 5,
    unknownProducts: 100 * scale,
    unknownCustomers: Math.max(1, Math.round(customers * 0.03)),
  };
}
