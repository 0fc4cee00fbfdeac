"""The FAQ knowledge base in data/faq/: its model, loading, validation and Rasa export."""

from staj.faq.loader import load_knowledge_base
from staj.faq.model import Answer, FaqEntry, KnowledgeBase, Source

__all__ = ["Answer", "FaqEntry", "KnowledgeBase", "Source", "load_knowledge_base"]
