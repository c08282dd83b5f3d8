// The dashboard's product tables: the top-selling products and each reviewed product's
// specifications as expandable rows (native <details>). Every value goes in as text (h()), so a
// product name or a specification holding markup shows as that markup, never as elements.
import type { ProductReviewRow, TopProductRow } from '../shared/webview-protocol';
import { fmtNumber, h } from './common';

/** What a NULL category shows (the analytics tables keep rows without one). */
const NO_CATEGORY = '(no category)';

export function topProductsTable(rows: readonly TopProductRow[]): HTMLElement {
  if (!rows.length) return h('div', { class: 'note', id: 'top-products' }, 'No product has sold yet.');
  const head = ['Product', 'Category', 'Orders', 'Quantity sold', 'Revenue'];
  return h('table', { class: 'data', id: 'top-products' },
    h('thead', {}, h('tr', {}, ...head.map((c, i) => h('th', { class: i > 1 ? 'num' : undefined }, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', { 'data-product': r.productId },
      h('td', {}, r.product),
      h('td', {}, r.category ?? NO_CATEGORY),
      h('td', { class: 'num' }, fmtNumber(r.totalOrders)),
      h('td', { class: 'num' }, fmtNumber(r.totalQuantitySold)),
      h('td', { class: 'num' }, `$${fmtNumber(r.totalRevenue, 2)}`)))));
}

export function productSpecifications(rows: readonly ProductReviewRow[]): HTMLElement {
  const list = h('div', { class: 'spec-list', id: 'product-specs' });
  if (!rows.length) list.append(h('div', { class: 'note' }, 'No product has reviews yet.'));
  for (const r of rows) {
    const body = r.specifications.length
      ? h('table', { class: 'kv' }, h('tbody', {}, ...r.specifications.map((s) => h('tr', {}, h('th', {}, s.name), h('td', {}, s.value)))))
      : h('div', { class: 'note' }, 'No specifications available');
    list.append(h('details', { class: 'spec-row', 'data-product': r.productId },
      h('summary', {}, `Specifications for ${r.product}`,
        h('span', { class: 'summary' }, ` · ${fmtNumber(r.totalReviews)} reviews, average rating ${r.avgRating === null ? '—' : fmtNumber(r.avgRating, 2)}`)),
      body));
  }
  return list;
}
