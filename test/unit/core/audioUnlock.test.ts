import { afterEach, describe, expect, it, vi } from 'vitest';
import { unlockAudioPlayback } from '../../../src/core/audioUnlock.ts';
import { installFakeWebAudio } from '../../support/webAudio.ts';

describe('unlockAudioPlayback', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('plays one silent frame through a resumed context and closes it at the release', () => {
    const audio = installFakeWebAudio();
    try {
      const release = unlockAudioPlayback();
      expect(audio.contexts).toHaveLength(1);
      expect(audio.contexts[0]).toMatchObject({ resumed: 1, buffersStarted: 1, state: 'running' });
      release();
      expect(audio.open()).toHaveLength(0);
    } finally {
      audio.uninstall();
    }
  });

  it('uses webkitAudioContext where AudioContext is missing', () => {
    const audio = installFakeWebAudio();
    try {
      const Context = (window as unknown as { AudioContext: unknown }).AudioContext;
      vi.stubGlobal('AudioContext', undefined);
      vi.stubGlobal('webkitAudioContext', Context);
      unlockAudioPlayback()();
      expect(audio.contexts).toHaveLength(1);
      expect(audio.open()).toHaveLength(0);
    } finally {
      audio.uninstall();
    }
  });

  it('without Web Audio, or with a constructor that throws, never throws and returns a release that does nothing', () => {
    vi.stubGlobal('AudioContext', undefined);
    vi.stubGlobal('webkitAudioContext', undefined);
    expect(() => unlockAudioPlayback()()).not.toThrow();
    vi.stubGlobal(
      'AudioContext',
      class {
        constructor() {
          throw new Error('too many contexts');
        }
      },
    );
    expect(() => unlockAudioPlayback()()).not.toThrow();
  });

  it('a release whose close() rejects reports nothing', async () => {
    const audio = installFakeWebAudio();
    try {
      const release = unlockAudioPlayback();
      const context = audio.contexts[0] as unknown as { close: () => Promise<void> };
      context.close = () => Promise.reject(new DOMException('already closed', 'InvalidStateError'));
      expect(() => release()).not.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 0)); // an unhandled rejection would fail the run
    } finally {
      audio.uninstall();
    }
  });
});
