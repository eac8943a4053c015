"""Two invented reports of one council vote, for the speaker tests: the mayor quoted in
one; in the other the same thing said in other words by someone else (`B`), or by the
mayor herself, reported without quotation marks (`C`)."""

from __future__ import annotations

HEAD_A = "Harbour wall to be rebuilt in Lantern Bay"
COUNCIL_A = (
    "The council of Lantern Bay voted on Tuesday to rebuild the harbour wall that collapsed "
    "in the January storms."
)
QUILL = (
    "“We will rebuild the Lantern Bay harbour wall by October, whatever it costs the town,” "
    "said Marta Quill, the mayor."
)
WORK_A = "Work is expected to start in May and to last for most of the summer."
HEAD_B = "Lantern Bay votes for a new harbour wall"
COUNCIL_B = (
    "Councillors in Lantern Bay agreed on Tuesday that the harbour wall destroyed by storms in "
    "January would be rebuilt."
)
# The same thing said in other words, by someone else ...
BRANDT = (
    "Ivo Brandt, the harbour master, said Lantern Bay had to have its sea wall rebuilt by "
    "October, whatever the price."
)
# ... and by the mayor herself, reported without quotation marks.
QUILL_REPORTED = BRANDT.replace("Ivo Brandt, the harbour master, said", "Mayor Marta Quill said")
WORK_B = "Builders are due on site in May, and the work should take most of the summer."

A = "\n\n".join([HEAD_A, COUNCIL_A, QUILL, WORK_A])
B = "\n\n".join([HEAD_B, COUNCIL_B, BRANDT, WORK_B])
C = "\n\n".join([HEAD_B, COUNCIL_B, QUILL_REPORTED, WORK_B])
