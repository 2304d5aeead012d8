"""Loudness in-process: EBU R128 integrated loudness (ITU-R BS.1770-4, measured by pyloudnorm),
one gain to the target, and a look-ahead limiter that keeps true peaks under the ceiling.

Samples are mono float arrays (full scale 1.0). Resampling for the meter and the true-peak
oversampling are soxr's (C, a few times faster than scipy's polyphase filter here)."""

from __future__ import annotations

import math

import numpy as np
import soxr

# pyloudnorm and scipy are imported where they are used: together they take over a second and
# about 80 MB to import, which only the processes that make audio need, not every web worker.

# BS.1770 specifies its K-weighting filter at 48 kHz; pyloudnorm designs it for any rate.
# Measured at 24 kHz, telephone audio (nothing above 4 kHz) reads within 0.05 LU of 48 kHz
# (at 8 kHz: 0.2 to 0.5 LU off) with half the memory: a 10-minute recording needs ~330 MB.
MEASURE_RATE = 24000
GATING_BLOCK = 0.4  # seconds, BS.1770's
# A clip shorter than this (a word, a number, a key's name) has too few gating blocks, or not
# even one, for an integrated loudness: it is measured as if heard over and over, which is
# how it sounds between the other pieces of a sentence (and how ffmpeg's meter hears it looped).
LOOPED_BELOW = 2.0  # seconds
SILENT = -70.0  # LUFS: BS.1770's absolute gate; quieter than this is silence
OVERSAMPLE = 8  # true peak between 8 kHz samples, well beyond BS.1770's 4x at 48 kHz
PEAK_PIECE = 80000  # samples oversampled at a time (10 s: 2.5 MB at 8x)
PEAK_MARGIN = 64  # samples beyond each piece: more than soxr's filter reaches
LIMITER_SECONDS = 0.01  # the limiter lowers the gain over 10 ms before a peak, and back after
MULAW_HEADROOM_DB = 0.3  # µ-law rounds a sample near full scale by up to ~0.2 dB
CORRECTIONS = 4  # at most this many re-measurements after the limiter took some loudness
MAX_MAKEUP_DB = 6.0  # and never more than this much extra gain for what the limiter took


def integrated(samples: np.ndarray, rate: int) -> float | None:
    """Integrated loudness in LUFS; None for silence or no samples at all."""
    if samples.size < 2 or not np.any(samples):
        return None
    if samples.size < LOOPED_BELOW * rate:
        samples = np.tile(samples, math.ceil(LOOPED_BELOW * rate / samples.size))
    upsampled = soxr.resample(samples.astype(np.float32), rate, MEASURE_RATE)  # float32: memory
    import pyloudnorm

    # "DeMan": the filter design that gives BS.1770's published coefficients at 48 kHz.
    meter = pyloudnorm.Meter(MEASURE_RATE, "DeMan", block_size=GATING_BLOCK)
    lufs = float(meter.integrated_loudness(upsampled))
    return lufs if math.isfinite(lufs) and lufs > SILENT else None


def _peaks(samples: np.ndarray) -> np.ndarray:
    """For each sample, the highest absolute value up to the next sample (oversampled).

    In ten-second pieces, each with a margin beyond the filter's reach: a ten-minute
    recording needs a few MB at a time, not hundreds."""
    peaks = np.empty(samples.size, dtype=np.float32)
    for start in range(0, samples.size, PEAK_PIECE):
        end = min(start + PEAK_PIECE, samples.size)
        low, high = max(0, start - PEAK_MARGIN), min(samples.size, end + PEAK_MARGIN)
        piece = samples[low:high].astype(np.float32)
        fine = np.abs(soxr.resample(piece, 1, OVERSAMPLE, quality="HQ"))
        fine = np.pad(fine, (0, (high - low) * OVERSAMPLE - fine.size))  # soxr may round down
        peaks[start:end] = fine.reshape(high - low, OVERSAMPLE).max(axis=1)[start - low : end - low]
    return peaks


def limit(samples: np.ndarray, rate: int, ceiling_db: float) -> np.ndarray:
    """The samples with a smooth gain that keeps every true peak at or below the ceiling.

    Each sample needs gain <= ceiling / peak. That need is held over the window before and
    after it (a sliding minimum), then smoothed by a moving average no wider than the hold:
    every average is then of values at or below the need, so no peak can cross the ceiling,
    and the gain moves in ramps, not steps (no clicks)."""
    ceiling = 10 ** ((ceiling_db - MULAW_HEADROOM_DB) / 20)
    need = np.minimum(1.0, ceiling / np.maximum(_peaks(samples), 1e-12))
    if need.size == 0 or need.min() >= 1.0:
        return samples
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    reach = max(1, round(rate * LIMITER_SECONDS))
    held = minimum_filter1d(need, size=2 * reach + 1, mode="nearest")
    gain = uniform_filter1d(held, size=2 * reach + 1, mode="nearest")
    limited: np.ndarray = samples * np.minimum(gain, need)
    return limited


def normalise(samples: np.ndarray, rate: int, target: float, ceiling_db: float) -> np.ndarray:
    """The samples at the target loudness (LUFS), true peaks at most ceiling_db (dBTP).

    The limiter only touches the few loudest moments; the loudness they carried is made up
    with a little more gain, re-measured, so speech meets both the target and the ceiling."""
    measured = integrated(samples, rate)
    if measured is None:
        return samples  # silence stays silence
    gain_db = target - measured
    gained = samples * 10 ** (gain_db / 20)
    levelled = limit(gained, rate, ceiling_db)
    if levelled is gained:  # the limiter had nothing to do: the loudness is the target's
        return levelled.astype(np.float32)
    for _ in range(CORRECTIONS):
        now = integrated(levelled, rate)
        if now is None or abs(target - now) < 0.1:
            break
        gain_db = min(gain_db + target - now, target - measured + MAX_MAKEUP_DB)
        levelled = limit(samples * 10 ** (gain_db / 20), rate, ceiling_db)
    return levelled.astype(np.float32)
