/**
 * The keyward release this code is (package.json `version`; test/common/version.test.ts keeps the two equal). The
 * agent announces it in its Hello, and the relay writes it into every recording's FileHeader.
 */
export const KEYWARD_VERSION = '0.1.0'
