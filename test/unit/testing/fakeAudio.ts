import { vi } from 'vitest';

/** Levels the fake analysers report: the microphone's and the synthesized voice's. */
export const levels = { mic: 0, voice: 0 };

class FakeParam {
  value = 0;
  readonly targets: Array<[number, number, number]> = [];
  setTargetAtTime(value: number, at: number, constant: number) {
    this.targets.push([value, at, constant]);
    this.value = value;
    return this;
  }
  cancelScheduledValues() {
    return this;
  }
}

class FakeNode {
  readonly connections = new Set<unknown>();
  disconnected = false;
  isMic = false;
  connect(target: unknown) {
    this.connections.add(target);
    if (this.isMic && target instanceof FakeNode) target.isMic = true;
    return target;
  }
  disconnect() {
    this.disconnected = true;
    this.connections.clear();
  }
}

class FakeOscillator extends FakeNode {
  type = 'sine';
  readonly frequency = new FakeParam();
  readonly detune = new FakeParam();
  started = false;
  stopped = false;
  start() {
    this.started = true;
  }
  stop() {
    this.stopped = true;
  }
}

class FakeGain extends FakeNode {
  readonly gain = new FakeParam();
}

class FakeFilter extends FakeNode {
  type = 'lowpass';
  readonly frequency = new FakeParam();
  readonly Q = new FakeParam();
}

class FakeAnalyser extends FakeNode {
  fftSize = 2048;
  getFloatTimeDomainData(buffer: Float32Array) {
    buffer.fill(this.isMic ? levels.mic : levels.voice);
  }
}

/** Whether a click (or key press) is being handled: what a browser's autoplay policy asks for. */
const handlingGesture = () => {
  const type = (globalThis as { event?: Event }).event?.type;
  return type === 'click' || type === 'keydown';
};

/** A tiny AudioContext stand-in recording what the simulated client builds. */
export class FakeAudioContext {
  static instances: FakeAudioContext[] = [];
  /**
   * `'blocked'`: like Chromium with `--autoplay-policy=document-user-activation-required`, `resume()` outside
   * a click leaves the context suspended and its promise pending.
   */
  static autoplay: 'allowed' | 'blocked' = 'allowed';
  /** Every `setSinkId` call. */
  readonly sinkIds: string[] = [];
  state: 'suspended' | 'running' | 'closed' = 'suspended';
  currentTime = 0;
  readonly destination = new FakeNode();
  readonly oscillators: FakeOscillator[] = [];
  readonly nodes: FakeNode[] = [];
  readonly streams: MediaStream[] = [];
  resumes = 0;

  constructor() {
    FakeAudioContext.instances.push(this);
  }

  private track<T extends FakeNode>(node: T): T {
    this.nodes.push(node);
    return node;
  }
  createOscillator() {
    const oscillator = this.track(new FakeOscillator());
    this.oscillators.push(oscillator);
    return oscillator;
  }
  createGain() {
    return this.track(new FakeGain());
  }
  createBiquadFilter() {
    return this.track(new FakeFilter());
  }
  createAnalyser() {
    return this.track(new FakeAnalyser());
  }
  createMediaStreamSource(stream: MediaStream) {
    this.streams.push(stream);
    const source = this.track(new FakeNode());
    source.isMic = true;
    return source;
  }
  resume() {
    this.resumes++;
    if (FakeAudioContext.autoplay === 'blocked' && !handlingGesture() && this.state === 'suspended') {
      return new Promise<void>(() => {});
    }
    if (this.state !== 'closed') this.state = 'running';
    return Promise.resolve();
  }
  setSinkId(id: string) {
    this.sinkIds.push(id);
    return Promise.resolve();
  }
  /** The synthesized voice's output gain (the gain node that feeds the voice analyser). */
  voiceGain(): number {
    for (const node of this.nodes) {
      if (!(node instanceof FakeGain)) continue;
      for (const target of node.connections) if (target instanceof FakeAnalyser) return node.gain.value;
    }
    throw new Error('no voice');
  }
  close() {
    this.state = 'closed';
    return Promise.resolve();
  }
  /** Envelope automation calls so far (how much the voice "spoke"). */
  automationCount() {
    let count = 0;
    for (const node of this.nodes) if (node instanceof FakeGain) count += node.gain.targets.length;
    return count;
  }
}

/** Installs the fake as the global `AudioContext`; undo with `vi.unstubAllGlobals()`. */
export function installFakeAudioContext() {
  FakeAudioContext.instances = [];
  FakeAudioContext.autoplay = 'allowed';
  levels.mic = 0;
  levels.voice = 0;
  vi.stubGlobal('AudioContext', FakeAudioContext);
  return {
    get last(): FakeAudioContext {
      const context = FakeAudioContext.instances.at(-1);
      if (!context) throw new Error('no AudioContext was created');
      return context;
    },
    instances: FakeAudioContext.instances,
  };
}
