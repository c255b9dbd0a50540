/*
 * The microphone level meter behind `store.subscribeInputLevel`. Loaded with `import()` only when a call is
 * ongoing and someone listens, so it never sits in the initial bundle.
 */

type AudioContextConstructor = new () => AudioContext;

/**
 * The level (0…1) of a block of samples: the square root of their RMS, scaled, the same curve as the agent's
 * `AudioLevel` meter, so both meters look alike.
 *
 * @example
 * ```ts
 * levelOf(new Float32Array(128)); // 0
 * ```
 * @internal
 */
export function levelOf(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i] as number;
    sum += sample * sample;
  }
  return Math.min(1, Math.sqrt(Math.sqrt(sum / samples.length)) * 1.5);
}

/**
 * Measures the microphone once per animation frame through a Web Audio `AnalyserNode` and hands each level to
 * `emit`. `getTrack` is asked every frame, so the meter follows a device switch and waits for a track that is
 * not published yet. Returns `stop`, which cancels the frame loop and closes the AudioContext. Where Web Audio
 * or `requestAnimationFrame` is missing it measures nothing.
 *
 * @example
 * ```ts
 * const stop = meterInputLevel(() => client.getInputTrack?.() ?? null, (level) => draw(level));
 * // later
 * stop();
 * ```
 * @internal
 */
export function meterInputLevel(
  getTrack: () => MediaStreamTrack | null,
  emit: (level: number) => void,
): () => void {
  const Context =
    typeof window === 'undefined'
      ? undefined
      : ((window as { AudioContext?: AudioContextConstructor }).AudioContext ??
        (window as { webkitAudioContext?: AudioContextConstructor }).webkitAudioContext);
  if (!Context || typeof requestAnimationFrame !== 'function' || typeof MediaStream !== 'function') {
    return () => {};
  }
  let context: AudioContext | null = null;
  let analyser: AnalyserNode | null = null;
  let source: MediaStreamAudioSourceNode | null = null;
  let measured: MediaStreamTrack | null = null;
  let samples: Float32Array<ArrayBuffer> | null = null;
  let frame = 0;
  let stopped = false;

  const connect = (track: MediaStreamTrack | null) => {
    source?.disconnect();
    source = null;
    measured = track;
    if (!track) return;
    context ??= new Context();
    if (!analyser) {
      analyser = context.createAnalyser();
      analyser.fftSize = 512;
      samples = new Float32Array(analyser.fftSize);
    }
    source = context.createMediaStreamSource(new MediaStream([track]));
    source.connect(analyser);
  };

  const tick = () => {
    if (stopped) return;
    try {
      const track = getTrack();
      if (track !== measured) connect(track);
      if (analyser && samples && source) {
        analyser.getFloatTimeDomainData(samples);
        emit(levelOf(samples));
      }
    } catch {
      // A track that ended or a context the browser refused: measure nothing this frame.
    }
    frame = requestAnimationFrame(tick);
  };
  frame = requestAnimationFrame(tick);

  return () => {
    if (stopped) return;
    stopped = true;
    cancelAnimationFrame(frame);
    source?.disconnect();
    if (context && context.state !== 'closed') context.close().catch(() => {});
  };
}
