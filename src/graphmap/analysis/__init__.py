"""What people do with the verdicts: review them, explain them, ask the next questions, calibrate the rubric, fit a designer's template."""
