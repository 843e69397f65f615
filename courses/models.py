"""What is taught: course pages, lessons, enrolment, progress and completion."""
