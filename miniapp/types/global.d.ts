/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.css'

/** The API base URL, fixed at build time by config/index.ts ('/api' on H5, TARO_APP_API on weapp). */
declare const API_BASE: string

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production'
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn'
    TARO_APP_ID: string
    TARO_APP_API?: string
    XST_OUT?: string
  }
}
