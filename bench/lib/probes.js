// Injected before any page script (page.addInitScript): records what the runner measures, in the page's
// own clock. Every resource is held through a WeakRef, so counting never keeps anything alive; the runner
// forces a garbage collection before it counts.
//   __bench.clicks       every click: { at: its event.timeStamp (when the input happened, even if the page
//                        was too busy to dispatch it), dispatched: performance.now() when the page saw it }
//   __bench.contacts     the same for every pointerdown (first contact of a press)
//   __bench.releases     the same for every pointerup (the end of a press: what the user did last)
//   __bench.sockets      every WebSocket: { url, t } (t = when the page constructed it)
//   __bench.marks        { name, t } when a peer connection, AudioContext or microphone was asked for
//   __bench.open()       what is still open: live tracks, AudioContexts, RTCPeerConnections, sockets
//   __bench.forget()     empties the lists above and drops the weak references to what is collected or closed
//                        (nothing closed reopens), so a soak's own records do not grow the heap it measures
(() => {
  const clicks = [];
  const sockets = [];
  const marks = [];
  const mark = (name) => marks.push({ name, t: performance.now() });
  const refs = { track: [], audioContext: [], peerConnection: [], socket: [] };
  const created = { track: 0, audioContext: 0, peerConnection: 0, socket: 0 };
  const keep = (kind, object) => {
    created[kind]++;
    refs[kind].push(new WeakRef(object));
  };
  const contacts = [];
  const releases = [];
  const input = (list) => (event) => list.push({ at: event.timeStamp, dispatched: performance.now() });
  addEventListener('click', input(clicks), true);
  addEventListener('pointerdown', input(contacts), true);
  addEventListener('pointerup', input(releases), true);

  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class WebSocket extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      sockets.push({ url: String(url), t: performance.now() });
      keep('socket', this);
    }
  };

  const NativePeerConnection = window.RTCPeerConnection;
  if (NativePeerConnection) {
    window.RTCPeerConnection = class RTCPeerConnection extends NativePeerConnection {
      constructor(...args) {
        super(...args);
        mark('RTCPeerConnection');
        keep('peerConnection', this);
      }
    };
  }

  for (const name of ['AudioContext', 'webkitAudioContext']) {
    const Native = window[name];
    if (typeof Native !== 'function') continue;
    window[name] = class AudioContext extends Native {
      constructor(...args) {
        super(...args);
        mark('AudioContext');
        keep('audioContext', this);
      }
    };
  }

  const media = globalThis.MediaDevices?.prototype;
  if (media?.getUserMedia) {
    const getUserMedia = media.getUserMedia;
    media.getUserMedia = async function (...args) {
      mark('getUserMedia called');
      const stream = await getUserMedia.apply(this, args);
      mark('getUserMedia resolved');
      for (const track of stream.getTracks()) keep('track', track);
      return stream;
    };
    const clone = MediaStreamTrack.prototype.clone;
    MediaStreamTrack.prototype.clone = function (...args) {
      const track = clone.apply(this, args);
      keep('track', track);
      return track;
    };
  }

  const isOpen = {
    track: (t) => t.readyState === 'live',
    audioContext: (c) => c.state !== 'closed',
    peerConnection: (pc) => pc.signalingState !== 'closed' && pc.connectionState !== 'closed',
    socket: (s) => s.readyState === 0 || s.readyState === 1,
  };
  const open = () => {
    const result = {};
    for (const kind of Object.keys(refs)) {
      const alive = refs[kind].map((r) => r.deref()).filter(Boolean);
      result[kind] = { created: created[kind], open: alive.filter(isOpen[kind]).length };
    }
    return result;
  };
  const forget = () => {
    for (const list of [clicks, contacts, releases, sockets, marks]) list.length = 0;
    for (const kind of Object.keys(refs)) {
      refs[kind] = refs[kind].filter((r) => {
        const object = r.deref();
        return object !== undefined && isOpen[kind](object);
      });
    }
  };
  window.__bench = { clicks, contacts, releases, sockets, marks, open, forget };
})();
