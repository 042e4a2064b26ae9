"""Frameworks: the content library. Its schema is in :mod:`.model`, reading the YAML files and
choosing a workshop's continuum framework in :mod:`.loading`; this module is their front door.

A framework is one YAML file in ``data/frameworks/`` or in the folder named by
``SENDREFLECT_FRAMEWORKS``. Every file is validated by :class:`Framework`; a broken file raises
:class:`FrameworkError`, whose message names the file, the entry and what to change.
"""

from sendreflect.frameworks.loading import (
    BUILTIN_DIR,
    SOURCE_TREE_DIR,
    continua,
    continuum_of,
    framework_dirs,
    get_framework,
    load_frameworks,
    parse_framework,
    position_options,
    with_continuum,
)
from sendreflect.frameworks.model import (
    ID_PATTERN,
    PACK,
    PACK_POSITIONS,
    ContextAnalysis,
    Dimension,
    Example,
    Framework,
    FrameworkError,
    FrameworkSource,
    Framing,
    Item,
    ItemList,
    Rating,
    ScalePoint,
    Source,
    Theme,
)

__all__ = [
    "BUILTIN_DIR",
    "ID_PATTERN",
    "PACK",
    "PACK_POSITIONS",
    "SOURCE_TREE_DIR",
    "ContextAnalysis",
    "Dimension",
    "Example",
    "Framework",
    "FrameworkError",
    "FrameworkSource",
    "Framing",
    "Item",
    "ItemList",
    "Rating",
    "ScalePoint",
    "Source",
    "Theme",
    "continua",
    "continuum_of",
    "framework_dirs",
    "get_framework",
    "load_frameworks",
    "parse_framework",
    "position_options",
    "with_continuum",
]
