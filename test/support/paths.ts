/** Where each test file leaves its count of answers checked against their routes' contracts. */
export const CONTRACT_CHECKS_DIR = "test-output/contract-checks";
