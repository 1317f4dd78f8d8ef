"""The EN 16931 business rules for CII invoices, as the Factur-X EN 16931 profile's
Schematron states them (CEN's EN 16931 CII rules and the profile's own), run on an XML with
Saxon (saxonche, an XSLT 3 processor). The compiled Schematron ships inside the factur-x
package that Duka uses already, so the check needs no network."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import facturx

SCHEMATRON = (
    Path(facturx.__file__).parent / "xsd_and_schematron/facturx-en16931/FACTUR-X_EN16931.xslt"
)
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
NOT_ERRORS = ("warning", "information")  # rules that only advise


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # BR-CO-26, BR-AE-10...
    flag: str  # "fatal" unless the rule says warning or information
    text: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.flag}): {self.text}"


@cache
def _compiled() -> tuple[Any, Any]:
    from saxonche import PySaxonProcessor

    processor = PySaxonProcessor(license=False)
    executable = processor.new_xslt30_processor().compile_stylesheet(
        stylesheet_file=str(SCHEMATRON)
    )
    return processor, executable


def findings(xml: bytes) -> list[Finding]:
    """Every rule `xml` breaks, errors and warnings."""
    processor, executable = _compiled()
    report = executable.transform_to_string(xdm_node=processor.parse_xml(xml_text=xml.decode()))
    root = ET.fromstring(report.encode("utf-8"))
    return [
        Finding(
            failed.get("id") or "?",
            failed.get("flag") or "fatal",
            " ".join(failed.findtext("svrl:text", default="", namespaces=SVRL).split()),
        )
        for failed in root.iterfind(".//svrl:failed-assert", SVRL)
    ]


def errors(xml: bytes) -> list[str]:
    """The rules `xml` breaks that make it invalid (warnings left out), as texts; [] when
    it meets EN 16931."""
    return [str(found) for found in findings(xml) if found.flag not in NOT_ERRORS]
