import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { createRef } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DEVICE_SELECT_LABELS, DeviceSelect } from '../../../src/react/components/DeviceSelect.tsx';
import { createFakeStore, FakeStoreProvider, settle, snapshotOf } from '../../support/components.tsx';
import { AFTER_PERMISSION, BEFORE_PERMISSION, installFakeMediaDevices } from '../react/fakeMediaDevices.ts';

let fake: ReturnType<typeof installFakeMediaDevices> | undefined;
afterEach(() => {
  fake?.uninstall();
  fake = undefined;
  Reflect.deleteProperty(HTMLMediaElement.prototype, 'setSinkId');
});

/** Makes this jsdom look like a browser that can choose a speaker. */
function supportSetSinkId() {
  Object.defineProperty(HTMLMediaElement.prototype, 'setSinkId', {
    configurable: true,
    value: async () => {},
  });
}

const optionTexts = (select: HTMLElement) =>
  within(select)
    .getAllByRole('option')
    .map((option) => option.textContent);

function renderSelect(ui: React.ReactNode, store = createFakeStore()) {
  return { ...render(<FakeStoreProvider store={store.store}>{ui}</FakeStoreProvider>), fakeStore: store };
}

describe('DeviceSelect', () => {
  it('before permission: a labelled select with only "Default", described by a hint', async () => {
    fake = installFakeMediaDevices(BEFORE_PERMISSION, { permission: 'prompt' });
    const { container } = renderSelect(<DeviceSelect kind="audioinput" />);
    await settle();
    const select = screen.getByRole('combobox', { name: 'Microphone' });
    expect(select.tagName).toBe('SELECT');
    expect(optionTexts(select)).toEqual(['Default']);
    expect(select).toHaveValue('default');
    expect(select).toHaveAccessibleDescription(DEFAULT_DEVICE_SELECT_LABELS.audioinput.hint);
    const root = container.querySelector('.rwc-device-select');
    expect(root).toHaveAttribute('data-kind', 'audioinput');
    expect(root).toHaveAttribute('data-permission', 'prompt');
    expect(root).toHaveAttribute('data-status', 'idle');
  });

  it('devices with ids but no names (Firefox before permission) still count as hidden', async () => {
    fake = installFakeMediaDevices(
      [
        { kind: 'audioinput', deviceId: 'a1b2', label: '' },
        { kind: 'audioinput', deviceId: 'c3d4', label: '' },
      ],
      { permission: null },
    );
    renderSelect(<DeviceSelect kind="audioinput" />);
    await settle();
    const select = screen.getByRole('combobox', { name: 'Microphone' });
    expect(optionTexts(select)).toEqual(['Default']);
    expect(select).toHaveAccessibleDescription(DEFAULT_DEVICE_SELECT_LABELS.audioinput.hint);
  });

  it('after permission lists the devices (Chromium’s own "default" entry is not doubled), no hint', async () => {
    fake = installFakeMediaDevices(BEFORE_PERMISSION, { permission: 'prompt' });
    renderSelect(<DeviceSelect kind="audioinput" />);
    await settle();
    fake.setDevices(AFTER_PERMISSION, false);
    act(() => fake?.setPermission('granted'));
    await settle();
    const select = screen.getByRole('combobox', { name: 'Microphone' });
    expect(optionTexts(select)).toEqual([
      'Default - Built-in Microphone',
      'Built-in Microphone',
      'USB Headset Microphone',
    ]);
    expect(select).not.toHaveAttribute('aria-describedby');
    expect(document.querySelector('.rwc-device-select__hint')).toBeNull();
  });

  it('adds a "Default" option where the browser lists no default entry (Safari, Firefox)', async () => {
    fake = installFakeMediaDevices(
      AFTER_PERMISSION.filter((device) => device.deviceId !== 'default'),
      { permission: 'granted' },
    );
    renderSelect(<DeviceSelect kind="audioinput" />);
    await settle();
    expect(optionTexts(screen.getByRole('combobox'))).toEqual([
      'Default',
      'Built-in Microphone',
      'USB Headset Microphone',
    ]);
  });

  it('shows the call’s device and switches it through the store (mouse and keyboard)', async () => {
    const user = userEvent.setup();
    fake = installFakeMediaDevices(AFTER_PERMISSION, { permission: 'granted' });
    const store = createFakeStore(
      snapshotOf({ status: 'ongoing', startedAt: 1, inputDeviceId: 'mic-builtin' }),
    );
    renderSelect(<DeviceSelect kind="audioinput" />, store);
    await settle();
    const select = screen.getByRole('combobox', { name: 'Microphone' });
    expect(select).toHaveValue('mic-builtin');

    await user.selectOptions(select, 'USB Headset Microphone');
    expect(store.store.setInputDevice).toHaveBeenCalledWith('mic-usb');
    // Controlled by the snapshot: the store decides what is active.
    act(() => store.set({ inputDeviceId: 'mic-usb' }));
    expect(select).toHaveValue('mic-usb');

    // The active microphone unplugged: the store falls back to 'default'.
    act(() => store.set({ inputDeviceId: 'default' }));
    expect(select).toHaveValue('default');
    expect(store.store.setOutputDevice).not.toHaveBeenCalled();
  });

  it('runs a user onChange first; preventDefault() cancels the switch', async () => {
    const user = userEvent.setup();
    fake = installFakeMediaDevices(AFTER_PERMISSION, { permission: 'granted' });
    const { fakeStore } = renderSelect(
      <DeviceSelect kind="audioinput" onChange={(event) => event.preventDefault()} />,
    );
    await settle();
    await user.selectOptions(screen.getByRole('combobox'), 'mic-usb');
    expect(fakeStore.store.setInputDevice).not.toHaveBeenCalled();
  });

  it('the speaker select exists only where the browser can choose a speaker (setSinkId)', async () => {
    fake = installFakeMediaDevices(AFTER_PERMISSION, { permission: 'granted' });
    const first = renderSelect(<DeviceSelect kind="audiooutput" />);
    await settle();
    expect(first.container).toBeEmptyDOMElement();
    first.unmount();

    supportSetSinkId();
    const store = createFakeStore();
    renderSelect(<DeviceSelect kind="audiooutput" />, store);
    await settle();
    const select = screen.getByRole('combobox', { name: 'Speaker' });
    expect(optionTexts(select)).toEqual(['Default - Built-in Speakers', 'USB Headset Earphones']);
    await userEvent.setup().selectOptions(select, 'spk-usb');
    expect(store.store.setOutputDevice).toHaveBeenCalledWith('spk-usb');
  });

  it('server HTML has the microphone select with "Default" and no speaker select', () => {
    supportSetSinkId();
    const store = createFakeStore();
    const html = renderToString(
      <FakeStoreProvider store={store.store}>
        <DeviceSelect kind="audioinput" />
        <DeviceSelect kind="audiooutput" />
      </FakeStoreProvider>,
    );
    expect(html).toContain('>Microphone</label>');
    expect(html).toContain('<option value="default" selected="">Default</option>');
    expect(html).not.toContain('Speaker');
  });

  it('takes labels, a ref to the select, an id, and className on the wrapper', async () => {
    fake = installFakeMediaDevices(BEFORE_PERMISSION, { permission: 'prompt' });
    const ref = createRef<HTMLSelectElement>();
    const { container } = renderSelect(
      <DeviceSelect
        kind="audioinput"
        ref={ref}
        id="mic"
        className="mine"
        labels={{ label: 'Micro', default: 'Par défaut', hint: 'Autorisez le micro' }}
      />,
    );
    await settle();
    const select = screen.getByRole('combobox', { name: 'Micro' });
    expect(ref.current).toBe(select);
    expect(select).toHaveAttribute('id', 'mic');
    expect(optionTexts(select)).toEqual(['Par défaut']);
    expect(select).toHaveAccessibleDescription('Autorisez le micro');
    expect(container.firstElementChild).toHaveClass('rwc-device-select', 'mine');
  });

  it('has no axe violations before and after permission', async () => {
    supportSetSinkId();
    fake = installFakeMediaDevices(BEFORE_PERMISSION, { permission: 'prompt' });
    const { container } = renderSelect(
      <main>
        <DeviceSelect kind="audioinput" />
        <DeviceSelect kind="audiooutput" />
      </main>,
    );
    await settle();
    const check = async () =>
      (await axe.run(container, { rules: { 'color-contrast': { enabled: false } } })).violations.map(
        (violation) => violation.id,
      );
    expect(await check()).toEqual([]);
    fake.setDevices(AFTER_PERMISSION, false);
    act(() => fake?.setPermission('granted'));
    await settle();
    expect(screen.getAllByRole('combobox')).toHaveLength(2);
    expect(await check()).toEqual([]);
  });
});
