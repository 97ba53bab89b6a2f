"""Make static/fonts/noto-sans-khmer.woff2: Noto Sans Khmer (SIL Open Font License 1.1),
subset to the Khmer script, as WOFF2.

The source is Debian's fonts-noto-core (`apt-get install fonts-noto-core`); fonttools
(a dev dependency) does the subsetting. Run it again only to change the subset:

    .tools/bin/uv run python scripts/subset_khmer_font.py
"""

import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/truetype/noto/NotoSansKhmer-Regular.ttf")
TARGET = ROOT / "static" / "fonts" / "noto-sans-khmer.woff2"
# The Khmer block and Khmer symbols, the joiners Khmer text uses, and the dotted circle
# that shaping puts under a lone mark. Kept in step with unicode-range in css/site.css.
UNICODES = "U+1780-17FF,U+19E0-19FF,U+200B-200D,U+25CC"


def main():
    if not SOURCE.exists():
        sys.exit(f"{SOURCE} is missing: apt-get install fonts-noto-core")
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # Khmer needs its shaping features (GSUB, GPOS)
    options.name_IDs = ["*"]  # keep the copyright and licence records
    options.hinting = False
    options.desubroutinize = True
    font = subset.load_font(str(SOURCE), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(TARGET), options)
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size} bytes")


if __name__ == "__main__":
    main()
