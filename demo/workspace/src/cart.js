"use strict";

/** The total of a cart in cents: each line's unit price times its quantity. */
function cartTotal(lines) {
  let total = 0;
  for (const line of lines) total += line.unitCents;
  return total;
}

module.exports = { cartTotal };
