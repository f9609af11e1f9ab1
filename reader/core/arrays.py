"""The numpy array types the index, search and sorting pass between them (one name each).

Import these under ``TYPE_CHECKING`` where numpy is not loaded yet (it loads in the search
worker, after the first paint).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int32]
"""Library positions, ranks."""
BoolArray = npt.NDArray[np.bool_]
"""Masks over the library's papers."""
