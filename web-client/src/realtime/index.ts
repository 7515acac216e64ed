export { Emitter } from './emitter'
export { RealtimeClient, type RealtimeOptions } from './client'
export * from './protocol'
