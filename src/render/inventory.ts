import type { Inventory } from '../model/inventory.js';
import { renderInventoryHtml } from './inventory-html.js';
import { renderInventoryMarkdown } from './inventory-markdown.js';
import { renderInventoryText } from './inventory-text.js';
import type { SummaryStyle } from './summary.js';

export const INVENTORY_FORMATS = ['text', 'json', 'markdown', 'html'] as const;
export type InventoryFormat = (typeof INVENTORY_FORMATS)[number];

/** An inventory in one of its formats: `reclaim inventory` and `reclaim inventory merge` print alike. */
export async function renderInventory(
  inventory: Inventory,
  format: InventoryFormat,
  style?: SummaryStyle,
): Promise<string> {
  switch (format) {
    case 'json':
      return JSON.stringify(inventory, null, 2);
    case 'markdown':
      return renderInventoryMarkdown(inventory);
    case 'html':
      return renderInventoryHtml(inventory);
    case 'text':
      return renderInventoryText(inventory, style);
  }
}
