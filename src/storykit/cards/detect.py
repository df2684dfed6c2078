"""Find the animals in a photo: each one's body box, its head box where found, a confidence.

The body comes from NanoDet-m-416 (COCO), shipped in the package as ONNX (models/README.md
says where from) and run by ONNX Runtime; the head from OpenCV's cat-face cascade
inside the body box, else the top band of the body box. Everything is
given in fractions of the upright photo. The network is loaded on first use, once per
process. Results are cached by the photo's content hash (:class:`DetectionCache`), which
the caller keeps between builds, so a rebuild never runs the detector again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
import numpy.typing as npt
import onnxruntime
from PIL import Image

from storykit.cards.geometry import Box
from storykit.cards.photo import Upright, as_rgb
from storykit.cards.subjects import DETECTOR as DETECTOR  # re-exported: the detector's facts
from storykit.cards.subjects import DetectionCache as DetectionCache
from storykit.cards.subjects import Subject
from storykit.errors import StorykitError
from storykit.package_data import MODELS

MODEL = MODELS / "nanodet-m-416.onnx"

SIZE = 416  # the network's square input
PAD = 114  # the grey the letterbox is padded with
MEAN = np.array([103.53, 116.28, 123.675], dtype=np.float32)  # B, G, R
STD = np.array([57.375, 57.12, 58.395], dtype=np.float32)
STRIDES = (8, 16, 32)
BINS = 11  # each side's distance is a distribution over 0..10 strides
# COCO classes (0-based) kept, and the kind each is reported as. The cat/dog label is
# unreliable (a collie comes out as a cat) while the box is good, so both are "animal".
KINDS = {14: "bird", 15: "animal", 16: "animal", 17: "animal", 18: "animal", 19: "animal"}
MIN_SCORE = 0.35  # below this, the boxes found on these photos were not animals
NMS_IOU = 0.5  # across the kept classes: one animal called both cat and dog is one animal
INSIDE = 0.8  # a weaker box lying this much inside a stronger one is part of the same animal
# without a face found, the head is taken as the top share of the animal: this share for an
# animal seen whole, growing to the second for a close-up (its body box filling the photo)
HEAD_BAND = (0.45, 0.8)
CLOSE_UP = (0.3, 0.65)  # the body box's share of the photo over which the share grows
FACE_ONLY_NEIGHBOURS = 6  # the cascade's strictness when it searches a whole photo alone
FACE_ONLY_CONFIDENCE = 0.2  # the confidence given to an animal found by its face alone
FACE_WORK = 224  # the long edge (px) the body's crop is searched for a cat face at

Float32Array = npt.NDArray[np.float32]
UInt8Array = npt.NDArray[np.uint8]


def box_area(b: Box) -> float:
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


def intersection(a: Box, b: Box) -> float:
    """The area two boxes share."""
    return box_area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes (0 when they do not meet)."""
    shared = intersection(a, b)
    union = box_area(a) + box_area(b) - shared
    return shared / union if union > 0 else 0.0


@lru_cache(maxsize=1)
def _network() -> onnxruntime.InferenceSession:
    """The detector, read from the package once per process. It runs on this process's one
    thread: the build already runs a card worker per core, and a pool of threads per worker
    only spins (CPU time spent for nothing). ONNX Runtime rather than OpenCV's dnn: half the
    CPU per photo and about a third of the memory (bench/RESULTS.md). Without the memory
    arena and its reuse pattern, the buffers of a run are given back when it ends, so a card
    worker holding the detector between photos keeps only the network's weights."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.enable_cpu_mem_arena = False
    options.enable_mem_pattern = False
    options.log_severity_level = 3  # errors only: the library never prints
    try:
        return onnxruntime.InferenceSession(str(MODEL), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # ONNX Runtime raises its own, unexported, error types
        raise StorykitError.at(
            MODEL,
            "storykit's animal detector is missing or damaged",
            "reinstall storykit (pip install --force-reinstall storykit)",
        ) from exc


@lru_cache(maxsize=1)
def _cat_faces() -> cv2.CascadeClassifier:
    path = cv2.data.haarcascades + "haarcascade_frontalcatface.xml"  # type: ignore[attr-defined]
    cascade = cv2.CascadeClassifier(path)
    if cascade.empty():
        raise StorykitError.at(
            path,
            "OpenCV's cat-face cascade is missing",
            "reinstall opencv-python-headless below version 5 (the 5.x wheels ship none)",
        )
    return cascade


def let_go() -> None:
    """Let this process's detector and cat-face cascade go (about 17 MB held: a card worker
    drops them between its photo batches); the next search reads them again (0.07 s CPU)."""
    _network.cache_clear()
    _cat_faces.cache_clear()


@dataclass(frozen=True)
class _Letterbox:
    """The photo scaled into the network's square: its pixels, scale and offset."""

    rgb: UInt8Array  # the scaled photo (no padding), upright RGB
    scale: float  # letterbox pixels per photo pixel
    left: int
    top: int
    photo_size: tuple[int, int]

    def blob(self) -> Float32Array:
        h, w = self.rgb.shape[:2]
        canvas = np.full((SIZE, SIZE, 3), PAD, dtype=np.uint8)
        canvas[self.top : self.top + h, self.left : self.left + w] = self.rgb
        bgr = canvas[:, :, ::-1].astype(np.float32)
        return np.ascontiguousarray(((bgr - MEAN) / STD).transpose(2, 0, 1)[None])

    def to_photo(self, x0: float, y0: float, x1: float, y1: float) -> Box:
        """A box in letterbox pixels as fractions of the photo, kept inside it."""
        w, h = self.photo_size
        s = self.scale

        def fx(v: float) -> float:
            return min(1.0, max(0.0, (v - self.left) / s / w))

        def fy(v: float) -> float:
            return min(1.0, max(0.0, (v - self.top) / s / h))

        return (fx(x0), fy(y0), fx(x1), fy(y1))


def _letterbox(image: Upright) -> _Letterbox:
    w, h = image.size
    s = SIZE / max(w, h)
    nw, nh = max(1, round(w * s)), max(1, round(h * s))
    small = as_rgb(image).resize((nw, nh), Image.Resampling.BILINEAR, reducing_gap=2.0)
    rgb = np.asarray(small, dtype=np.uint8)
    return _Letterbox(rgb, s, (SIZE - nw) // 2, (SIZE - nh) // 2, (w, h))


@dataclass(frozen=True)
class _Found:
    box: tuple[float, float, float, float]  # letterbox pixels
    score: float
    cls: int


def _decode(outputs: list[Float32Array]) -> list[_Found]:
    """The network's per-stride scores and side distributions as boxes of the kept classes."""
    by_cells: dict[int, dict[int, Float32Array]] = {}
    for out in outputs:
        by_cells.setdefault(out.shape[1], {})[out.shape[2]] = out[0]
    kept = np.array(sorted(KINDS))
    found: list[_Found] = []
    for stride in STRIDES:
        g = SIZE // stride
        cells = by_cells[g * g]
        scores = cells[80][:, kept]  # already through the sigmoid in the graph
        best = scores.max(axis=1)
        idx = np.flatnonzero(best >= MIN_SCORE)
        if idx.size == 0:
            continue
        logits = cells[4 * BINS][idx].reshape(-1, 4, BINS)
        e = np.exp(logits - logits.max(axis=2, keepdims=True))
        dist = (e / e.sum(axis=2, keepdims=True)) @ np.arange(BINS, dtype=np.float32) * stride
        cx = (idx % g + 0.5) * stride
        cy = (idx // g + 0.5) * stride
        cls = kept[scores[idx].argmax(axis=1)]
        for k in range(idx.size):
            box = (
                float(cx[k] - dist[k, 0]),
                float(cy[k] - dist[k, 1]),
                float(cx[k] + dist[k, 2]),
                float(cy[k] + dist[k, 3]),
            )
            found.append(_Found(box, float(best[idx[k]]), int(cls[k])))
    return found


def _suppress(found: list[_Found]) -> list[_Found]:
    """One box per animal: non-maximum suppression across the kept classes, then boxes
    lying mostly inside a stronger one dropped (a leg or a head found on its own)."""
    if not found:
        return []
    rects = [[f.box[0], f.box[1], f.box[2] - f.box[0], f.box[3] - f.box[1]] for f in found]
    keep = cv2.dnn.NMSBoxes(rects, [f.score for f in found], MIN_SCORE, NMS_IOU)
    strong = sorted((found[int(i)] for i in np.array(keep).ravel()), key=lambda f: -f.score)
    out: list[_Found] = []
    for f in strong:
        area = box_area(f.box)
        if all(intersection(f.box, o.box) < INSIDE * area for o in out):
            out.append(f)
    return out


def _pixels(box: Box, size: tuple[int, int]) -> tuple[int, int, int, int]:
    w, h = size
    x0, y0 = max(0, int(box[0] * w)), max(0, int(box[1] * h))
    x1, y1 = min(w, round(box[2] * w)), min(h, round(box[3] * h))
    return x0, y0, max(x0 + 1, x1), max(y0 + 1, y1)


def _gray_crop(image: Upright, body: Box, long_edge: int) -> UInt8Array:
    """The body's part of the photo in grey, scaled so its long edge is at most *long_edge*."""
    x0, y0, x1, y1 = _pixels(body, image.size)
    s = min(1.0, long_edge / max(x1 - x0, y1 - y0))
    size = (max(1, round((x1 - x0) * s)), max(1, round((y1 - y0) * s)))
    piece = image.resize(size, Image.Resampling.BILINEAR, box=(x0, y0, x1, y1), reducing_gap=2.0)
    return np.asarray(piece.convert("L"), dtype=np.uint8)


def _face(image: Upright, body: Box, neighbours: int = 3) -> Box | None:
    """The largest cat face the cascade finds in the upper part of the body box (a face
    needs *neighbours* overlapping hits: more is stricter)."""
    gray = _gray_crop(image, body, FACE_WORK)
    h, w = gray.shape
    side = max(20, round(0.12 * min(w, h)))
    faces = _cat_faces().detectMultiScale(
        gray, scaleFactor=1.1, minNeighbors=neighbours, minSize=(side, side)
    )
    if len(faces) == 0:
        return None
    fx, fy, fw, fh = max((tuple(int(v) for v in f) for f in faces), key=lambda f: f[2] * f[3])
    if fy + fh / 2 > 0.75 * h:  # a "face" near the feet is not the head
        return None
    bw, bh = body[2] - body[0], body[3] - body[1]
    # the cascade's box is the face; the head reaches a little further (ears, cheeks)
    grow = 0.15
    x0 = body[0] + (fx - grow * fw) / w * bw
    x1 = body[0] + (fx + fw * (1 + grow)) / w * bw
    y0 = body[1] + (fy - 2 * grow * fh) / h * bh
    y1 = body[1] + (fy + fh * (1 + grow)) / h * bh
    return _clip((x0, y0, x1, y1), body)


def top_band(body: Box) -> Box:
    """The head as the top band of the body box, deeper for a close-up. (A GrabCut mask of
    the animal inside the box was tried to narrow it: on the test photos it cut into the
    head more often than it helped, so the band is the whole width of the box.)"""
    share = _band_share(box_area(body))
    return (body[0], body[1], body[2], body[1] + share * (body[3] - body[1]))


def _band_share(area: float) -> float:
    """The top share of an animal taken as its head, for a body box of this area (0..1)."""
    lo, hi = CLOSE_UP
    t = min(1.0, max(0.0, (area - lo) / (hi - lo)))
    return HEAD_BAND[0] + t * (HEAD_BAND[1] - HEAD_BAND[0])


def _clip(b: Box, within: Box) -> Box:
    x0, y0 = min(max(b[0], within[0]), within[2]), min(max(b[1], within[1]), within[3])
    x1, y1 = min(max(b[2], x0), within[2]), min(max(b[3], y0), within[3])
    return (x0, y0, x1, y1)


def find_animals(image: Upright) -> tuple[Subject, ...]:
    """Every animal in an upright photo (or the decode the cards make), strongest first."""
    lb = _letterbox(image)
    net = _network()
    outputs = net.run(None, {net.get_inputs()[0].name: lb.blob()})
    subjects = []
    for f in _suppress(_decode([np.asarray(o, dtype=np.float32) for o in outputs])):
        body = lb.to_photo(*f.box)
        if box_area(body) <= 0:
            continue
        head = _face(image, body) or top_band(body)
        subjects.append(Subject(body, head, round(f.score, 4), KINDS[f.cls]))
    if not subjects:
        subjects.extend(_face_only(image))
    return tuple(subjects)


def _face_only(image: Upright) -> tuple[Subject, ...]:
    """When the network finds no animal (a cat half under a blanket), a cat face found in
    the whole photo, with a strict cascade: the head is the face, the body a guess below it."""
    head = _face(image, (0.0, 0.0, 1.0, 1.0), FACE_ONLY_NEIGHBOURS)
    if head is None:
        return ()
    fw, fh = head[2] - head[0], head[3] - head[1]
    body = (head[0] - fw / 2, head[1], head[2] + fw / 2, head[3] + fh)
    return (Subject(_clip(body, (0.0, 0.0, 1.0, 1.0)), head, FACE_ONLY_CONFIDENCE, "animal"),)
