// Imported first by tests of the WeChat build's behaviour: the bundler fixes TARO_ENV at build time, before any module.
process.env.TARO_ENV = 'weapp'
export {}
