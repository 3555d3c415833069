"""One detector per trigger."""

from callpilot.copilot.detectors.base import Detector, DetectorEnv
from callpilot.copilot.detectors.de_escalation import DeEscalationDetector
from callpilot.copilot.detectors.dead_end import DeadEndDetector
from callpilot.copilot.detectors.fact_correction import FactCorrectionDetector
from callpilot.copilot.detectors.keyword import KeywordDetector
from callpilot.copilot.detectors.knowledge_gap import KnowledgeGapDetector
from callpilot.copilot.detectors.upsell import UpsellDetector

ALL_DETECTORS: tuple[type[Detector], ...] = (
    FactCorrectionDetector,
    DeEscalationDetector,
    KnowledgeGapDetector,
    DeadEndDetector,
    KeywordDetector,
    UpsellDetector,
)

__all__ = [
    "ALL_DETECTORS",
    "DeEscalationDetector",
    "DeadEndDetector",
    "Detector",
    "DetectorEnv",
    "FactCorrectionDetector",
    "KeywordDetector",
    "KnowledgeGapDetector",
    "UpsellDetector",
]
