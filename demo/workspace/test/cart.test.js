"use strict";
const assert = require("node:assert/strict");
const { test } = require("node:test");
const { cartTotal } = require("../src/cart.js");

test("a cart's total counts every unit of every line", () => {
  assert.equal(cartTotal([{ unitCents: 250, quantity: 2 }, { unitCents: 99, quantity: 1 }]), 599);
});

test("an empty cart costs nothing", () => {
  assert.equal(cartTotal([]), 0);
});
