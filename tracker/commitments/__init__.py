"""Action plans, their commitments (OGP template) and milestones."""
