/*
 * Web Audio parts of the simulated call: a synthesized agent voice and a microphone energy meter.
 * Everything is feature-detected and created on demand: importing this module touches no browser API, so it
 * loads in Node, SSR and jsdom.
 */

type AudioContextConstructor = new (options?: AudioContextOptions) => AudioContext;

/** The `AudioContext` constructor of this environment, if any. @internal */
export function getAudioContextConstructor(): AudioContextConstructor | undefined {
  const scope = globalThis as { AudioContext?: AudioContextConstructor; webkitAudioContext?: unknown };
  if (typeof scope.AudioContext === 'function') return scope.AudioContext;
  if (typeof scope.webkitAudioContext === 'function')
    return scope.webkitAudioContext as AudioContextConstructor;
  return undefined;
}

/** Whether `navigator.mediaDevices.getUserMedia` exists. @internal */
export function hasGetUserMedia(): boolean {
  return typeof globalThis.navigator?.mediaDevices?.getUserMedia === 'function';
}

/**
 * Whether a simulated call can use real audio here: Web Audio for the agent's voice and `getUserMedia` for
 * the microphone. This is what `audio: 'auto'` checks.
 *
 * @example
 * ```ts
 * const client = createSimulatedClient({ audio: canUseSimulatedAudio() ? 'on' : 'off' });
 * ```
 */
export function canUseSimulatedAudio(): boolean {
  return getAudioContextConstructor() !== undefined && hasGetUserMedia();
}

/** A vowel's first two formants, in Hz (roughly an adult voice). */
const VOWELS: Record<string, readonly [number, number]> = {
  a: [780, 1250],
  e: [520, 1850],
  i: [320, 2250],
  o: [520, 920],
  u: [360, 860],
  y: [380, 2000],
};

/** The synthesized voice of the simulated agent. @internal */
export interface AgentVoice {
  /** Everything the voice plays passes through this analyser (the source of `audio` samples). */
  readonly analyser: AnalyserNode;
  /** Says one word over `durationMs`: syllable envelopes, formants from its vowels, a gentle pitch contour. */
  speakWord(word: string, durationMs: number, index: number, count: number): void;
  /** Sets the output gain (the `volume` it was made with, scaled by the call's volume; 0 = silent). */
  setGain(gain: number): void;
  /** Stops the oscillators and disconnects every node. */
  dispose(): void;
}

/**
 * Builds a small formant synthesizer on `context`: two detuned oscillators with vibrato, shaped by two
 * band-pass "formant" filters and a per-syllable envelope, at a modest `volume`. It sounds like speech
 * from a toy robot: clearly a voice, clearly synthetic.
 * @internal
 */
export function createAgentVoice(context: AudioContext, volume: number): AgentVoice {
  const baseHz = 150;
  const voiced = context.createOscillator();
  voiced.type = 'sawtooth';
  voiced.frequency.value = baseHz;
  const octave = context.createOscillator();
  octave.type = 'triangle';
  octave.frequency.value = baseHz * 2;
  octave.detune.value = 6;
  const vibrato = context.createOscillator();
  vibrato.frequency.value = 5.2;
  const vibratoDepth = context.createGain();
  vibratoDepth.gain.value = 2.5;
  vibrato.connect(vibratoDepth);
  vibratoDepth.connect(voiced.frequency);

  const octaveGain = context.createGain();
  octaveGain.gain.value = 0.35;
  const mix = context.createGain();
  mix.gain.value = 1;
  voiced.connect(mix);
  octave.connect(octaveGain);
  octaveGain.connect(mix);

  const formant1 = context.createBiquadFilter();
  formant1.type = 'bandpass';
  formant1.frequency.value = VOWELS.a?.[0] ?? 700;
  formant1.Q.value = 6;
  const formant2 = context.createBiquadFilter();
  formant2.type = 'bandpass';
  formant2.frequency.value = VOWELS.a?.[1] ?? 1200;
  formant2.Q.value = 9;
  const formant2Gain = context.createGain();
  formant2Gain.gain.value = 0.6;
  const body = context.createBiquadFilter();
  body.type = 'lowpass';
  body.frequency.value = 3200;

  const envelope = context.createGain();
  envelope.gain.value = 0;
  const master = context.createGain();
  master.gain.value = volume;
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;

  mix.connect(formant1);
  mix.connect(formant2);
  formant1.connect(body);
  formant2.connect(formant2Gain);
  formant2Gain.connect(body);
  body.connect(envelope);
  envelope.connect(master);
  master.connect(analyser);
  analyser.connect(context.destination);

  const oscillators = [voiced, octave, vibrato];
  for (const oscillator of oscillators) oscillator.start();
  const nodes: AudioNode[] = [
    ...oscillators,
    vibratoDepth,
    octaveGain,
    mix,
    formant1,
    formant2,
    formant2Gain,
    body,
    envelope,
    master,
    analyser,
  ];
  let disposed = false;

  return {
    analyser,
    speakWord(word, durationMs, index, count) {
      if (disposed) return;
      const start = context.currentTime;
      const duration = Math.max(durationMs, 40) / 1000;
      const vowels = [...word.toLowerCase()].filter((c) => c in VOWELS);
      const syllables = Math.max(1, Math.min(4, vowels.length));
      const slot = (duration * 0.85) / syllables;
      // Intonation: a slow fall across the line, a lift on questions, a little wobble per word.
      const progress = count > 1 ? index / (count - 1) : 1;
      const question = word.endsWith('?');
      const pitch = baseHz * (1.08 - 0.14 * progress + (question ? 0.22 : 0) + 0.04 * Math.sin(index * 2.3));
      voiced.frequency.setTargetAtTime(pitch, start, 0.03);
      octave.frequency.setTargetAtTime(pitch * 2, start, 0.03);
      for (let s = 0; s < syllables; s++) {
        const at = start + s * slot;
        const [f1, f2] = VOWELS[vowels[s] ?? 'a'] ?? [700, 1200];
        formant1.frequency.setTargetAtTime(f1, at, 0.02);
        formant2.frequency.setTargetAtTime(f2, at, 0.025);
        envelope.gain.setTargetAtTime(1, at, 0.012);
        envelope.gain.setTargetAtTime(0.15, at + slot * 0.7, 0.03);
      }
      envelope.gain.setTargetAtTime(0, start + duration * 0.88, 0.02);
    },
    setGain(gain) {
      if (!disposed) master.gain.value = gain;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const oscillator of oscillators) {
        try {
          oscillator.stop();
        } catch {
          // Already stopped.
        }
      }
      for (const node of nodes) node.disconnect();
    },
  };
}

/** The user's microphone, measured. @internal */
export interface MicrophoneMeter {
  /** The live microphone track (what a call would send), or null. */
  readonly track: MediaStreamTrack | null;
  /** Root-mean-square level of the latest samples (0 = silence, speech is typically 0.02–0.3). */
  level(): number;
  /** Mirrors mute: a disabled track sends (and measures) silence. */
  setEnabled(enabled: boolean): void;
  /** Stops every track and disconnects. */
  stop(): void;
}

/** Samples per microphone level reading. */
const METER_FFT_SIZE = 1024;

/**
 * Opens the microphone and measures its energy through an analyser (never routed to the speakers).
 * Rejects like `getUserMedia`.
 * @internal
 */
export async function openMicrophoneMeter(
  context: AudioContext,
  deviceId?: string,
): Promise<MicrophoneMeter> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: {
      ...(deviceId && deviceId !== 'default' ? { deviceId: { exact: deviceId } } : {}),
      echoCancellation: true,
      noiseSuppression: true,
    },
  });
  let source: MediaStreamAudioSourceNode | undefined;
  let analyser: AnalyserNode | undefined;
  // The call may have ended (its context closed) while the browser opened the microphone: then no nodes on
  // the closed context (each one would only cost a console warning) and the meter comes back stopped.
  const closed = context.state === 'closed';
  try {
    if (!closed) {
      source = context.createMediaStreamSource(stream);
      analyser = context.createAnalyser();
      analyser.fftSize = METER_FFT_SIZE;
      source.connect(analyser);
    }
  } catch (error) {
    for (const track of stream.getTracks()) track.stop();
    throw error;
  }
  const buffer = new Float32Array(METER_FFT_SIZE);
  let enabled = true;
  let stopped = false;
  const meter: MicrophoneMeter = {
    track: stream.getAudioTracks()[0] ?? null,
    level() {
      if (!enabled || stopped || !analyser) return 0;
      analyser.getFloatTimeDomainData(buffer);
      let sum = 0;
      for (const sample of buffer) sum += sample * sample;
      return Math.sqrt(sum / buffer.length);
    },
    setEnabled(next) {
      enabled = next;
      for (const track of stream.getAudioTracks()) track.enabled = next;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      for (const track of stream.getTracks()) track.stop();
      source?.disconnect();
      analyser?.disconnect();
    },
  };
  if (closed) meter.stop();
  return meter;
}
