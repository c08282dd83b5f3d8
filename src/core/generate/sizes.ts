// How many rows each file gets for a --scale. Scale 1 is the committed sample (100 customers,
// 100 orders); orders grow with the square of the scale up to 10 per customer, so scale 100
// writes 100k orders and scale 1000 a million, while customers and products grow linearly.
export interface Sizes {
  customers: number;
  products: number;
  inventory: number;
  orders: number;
  orderItems: number;
  reviews: number;
  warehouses: number;
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
  };
}
