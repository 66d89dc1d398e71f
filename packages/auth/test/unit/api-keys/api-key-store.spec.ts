import { MemoryApiKeyStore } from '@bulwark/auth';
import { apiKeyStoreContract } from '../../../../../test/auth/support/api-key-store-contract';

describe('MemoryApiKeyStore', () => {
  apiKeyStoreContract(() =>
    Promise.resolve({ store: new MemoryApiKeyStore(), dispose: () => Promise.resolve() }),
  );
});
