// Libraries only some requests need — the spreadsheet writer, the PDF writer, the SMS and S3 SDKs — are loaded the
// first time one of them is used, not when the server starts: together they hold ~50 MB of a server's memory
// (exceljs ~27 MB, the S3 client ~13 MB, pdfkit ~6 MB, the SMS SDK ~4 MB), which an instance that never exports a
// workbook, prints a poster, sends an SMS or stores in a bucket never pays. Their types are imported as types only.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function onFirstUse<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(name) as T;
    return loaded;
  };
}

export const exceljs = onFirstUse<typeof import('exceljs')>('exceljs');
export const pdfkit = onFirstUse<typeof import('pdfkit')>('pdfkit');
export const tencentSms = onFirstUse<typeof import('tencentcloud-sdk-nodejs-sms')>('tencentcloud-sdk-nodejs-sms');
export const s3Sdk = onFirstUse<typeof import('@aws-sdk/client-s3')>('@aws-sdk/client-s3');
