/** A fixed clock for the simulator tests, so seeded data is the same in every run. */
export const TEST_NOW = Date.UTC(2026, 10, 22, 15, 30, 0);
