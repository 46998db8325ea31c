import { Global, Module } from '@nestjs/common';
import { ContentCipher } from './content-cipher';

/** Provides the ContentCipher opened at boot (apps/api/src/app.ts) to every feature. */
@Global()
@Module({})
export class EncryptionModule {
  static forCipher(cipher: ContentCipher) {
    return {
      module: EncryptionModule,
      providers: [{ provide: ContentCipher, useValue: cipher }],
      exports: [ContentCipher],
    };
  }
}
