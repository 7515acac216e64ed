/** A minimal typed event emitter: on() returns an unsubscribe function. */
export class Emitter<Events extends { [K in keyof Events]: unknown }> {
  private handlers: { [K in keyof Events]?: Set<(payload: Events[K]) => void> } = {}

  on<K extends keyof Events>(event: K, fn: (payload: Events[K]) => void): () => void {
    const set = (this.handlers[event] ??= new Set())
    set.add(fn)
    return () => set.delete(fn)
  }

  once<K extends keyof Events>(event: K, fn: (payload: Events[K]) => void): () => void {
    const off = this.on(event, (p) => {
      off()
      fn(p)
    })
    return off
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    this.handlers[event]?.forEach((fn) => {
      try {
        fn(payload)
      } catch (e) {
        console.warn('realtime handler failed', e)
      }
    })
  }

  clear(): void {
    this.handlers = {}
  }
}
