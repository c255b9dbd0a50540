/**
 * A counted stand-in for Web Audio (jsdom has none): `window.AudioContext` and `MediaStream`. Every context
 * records whether it was resumed, played a buffer, or closed, so tests can prove the unlock ran inside the
 * click and that every context is closed at the end.
 */
export function installFakeWebAudio(level = 0.25) {
  const contexts: FakeAudioContext[] = [];
  class FakeAudioContext {
    state: AudioContextState = 'suspended';
    sampleRate = 48_000;
    destination = {};
    resumed = 0;
    buffersStarted = 0;
    sources = 0;
    constructor() {
      contexts.push(this);
    }
    resume() {
      this.resumed++;
      if (this.state !== 'closed') this.state = 'running';
      return Promise.resolve();
    }
    close() {
      this.state = 'closed';
      return Promise.resolve();
    }
    createBuffer() {
      return {};
    }
    createBufferSource() {
      return {
        buffer: null,
        connect() {},
        start: () => {
          this.buffersStarted++;
        },
      };
    }
    createAnalyser() {
      return { fftSize: 512, getFloatTimeDomainData: (samples: Float32Array) => samples.fill(level) };
    }
    createMediaStreamSource() {
      this.sources++;
      return { connect() {}, disconnect() {} };
    }
  }
  const hadMediaStream = 'MediaStream' in globalThis;
  Object.assign(window, { AudioContext: FakeAudioContext });
  if (!hadMediaStream) Object.assign(globalThis, { MediaStream: class {} });
  return {
    contexts,
    open: () => contexts.filter((context) => context.state !== 'closed'),
    uninstall() {
      Reflect.deleteProperty(window, 'AudioContext');
      if (!hadMediaStream) Reflect.deleteProperty(globalThis, 'MediaStream');
    },
  };
}
