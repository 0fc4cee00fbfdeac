"""Counselors: handoffs relayed between a student's chat and the counselors' group."""
