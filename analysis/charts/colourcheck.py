"""How far apart a palette's colours are, for normal vision and simulated colour-vision deficiencies.

Simulation: Machado, Oliveira & Fernandes (2009), severity 1.0 (protanopia, deuteranopia,
tritanopia), applied in linear RGB. Distance: CIEDE2000 (ΔE00) in CIELAB, D65 white. A ΔE00 near
2 is a just-noticeable difference; chart legends need far more.
"""

from __future__ import annotations

import itertools

import numpy as np

# Machado et al. 2009, severity 1.0, linear RGB.
CVD_MATRICES: dict[str, np.ndarray] = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
_RGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
_WHITE = np.array([0.95047, 1.0, 1.08883])


def hex_to_linear(colour: str) -> np.ndarray:
    """``#RRGGBB`` -> linear RGB in 0..1."""
    text = colour.lstrip("#")
    if len(text) != 6:
        raise ValueError(f"expected a colour as #RRGGBB, got {colour!r}")
    srgb = np.array([int(text[i:i + 2], 16) for i in (0, 2, 4)], dtype=float) / 255
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def to_lab(linear: np.ndarray) -> np.ndarray:
    """Linear RGB (…, 3) -> CIELAB (…, 3), D65."""
    xyz = np.clip(linear, 0, 1) @ _RGB_TO_XYZ.T / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def simulate(colours: list[str], vision: str) -> np.ndarray:
    """CIELAB of ``colours`` as seen with ``vision`` (a key of :data:`CVD_MATRICES`)."""
    if vision not in CVD_MATRICES:
        raise ValueError(f"vision must be one of {list(CVD_MATRICES)}, got {vision!r}")
    linear = np.array([hex_to_linear(c) for c in colours])
    return to_lab(linear @ CVD_MATRICES[vision].T)


def delta_e2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """CIEDE2000 colour difference between two CIELAB colours."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0 if c1p * c2p == 0 else ((h2p - h1p + 180) % 360) - 180
    d_h = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    l_bar, c_bar_p = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * np.cos(np.radians(h_bar - 30)) + 0.24 * np.cos(np.radians(2 * h_bar))
         + 0.32 * np.cos(np.radians(3 * h_bar + 6)) - 0.20 * np.cos(np.radians(4 * h_bar - 63)))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * c_bar_p
    s_h = 1 + 0.015 * c_bar_p * t
    r_t = (-2 * np.sqrt(c_bar_p**7 / (c_bar_p**7 + 25**7))
           * np.sin(np.radians(60 * np.exp(-(((h_bar - 275) / 25) ** 2)))))
    return float(np.sqrt((dl / s_l) ** 2 + (dc / s_c) ** 2 + (d_h / s_h) ** 2
                         + r_t * (dc / s_c) * (d_h / s_h)))


def closest_pairs(palette: dict[str, str], vision: str = "normal", n: int = 3) -> list[tuple[float, str, str]]:
    """The ``n`` closest pairs of a named palette as (ΔE00, name, name), closest first."""
    names = list(palette)
    lab = simulate([palette[k] for k in names], vision)
    pairs = [(delta_e2000(lab[i], lab[j]), names[i], names[j])
             for i, j in itertools.combinations(range(len(names)), 2)]
    return sorted(pairs)[:n]
