"""The one shared set of StreamField blocks for lessons (and anything else that teaches)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4", "blockquote"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "courses/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False)
    alt_text = blocks.CharBlock(label=_("alternative text"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "courses/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    """A video from an embed URL (YouTube and the like) or an uploaded file."""

    embed = EmbedBlock(label=_("embed URL"), required=False)
    file = DocumentChooserBlock(label=_("uploaded video file"), required=False)
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("embed") and not value.get("file"):
            raise blocks.StructBlockValidationError(
                block_errors={"embed": ValidationError(_("Give an embed URL or choose an uploaded file."))}
            )
        return value


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    description = blocks.CharBlock(label=_("description"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "courses/blocks/document.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("tip", _("Tip")), ("note", _("Note")), ("warning", _("Warning"))],
        default="note",
    )
    title = blocks.CharBlock(label=_("title"), required=False)
    text = blocks.RichTextBlock(label=_("text"), features=RICH_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "courses/blocks/callout.html"


class XAPIActivityBlock(blocks.StructBlock):
    """External xAPI content (an H5P or cmi5 package hosted elsewhere), launched in an iframe.

    The launch URL gets the LRS endpoint, a short-lived credential that may only speak about the
    learner, the actor, the registration and the lesson's activity id, as the common xAPI launch
    convention has them. Statements it posts move progress on this lesson only (courses.trust), and
    finish it as an assessment only when the trainer marks the block as graded.
    """

    launch_url = blocks.URLBlock(label=_("launch URL"))
    title = blocks.CharBlock(label=_("title"), required=False)
    height = blocks.IntegerBlock(label=_("height in pixels"), default=600, min_value=200, max_value=2000)
    graded = blocks.BooleanBlock(
        label=_("graded by the content"),
        required=False,
        help_text=_("A pass reported by the content finishes this lesson as an assessment."),
    )
    mastery_score = blocks.IntegerBlock(
        label=_("mastery score (%)"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("The score the content must report for a pass; blank: the course's pass mark."),
    )

    class Meta:
        icon = "link-external"
        label = _("xAPI activity")
        template = "courses/blocks/xapi_activity.html"


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("answer"))
    correct = blocks.BooleanBlock(label=_("correct"), required=False)

    class Meta:
        icon = "radio-empty"
        label = _("Answer")


class ChoiceQuestion(blocks.StructBlock):
    """A question with answers to choose from; each kind says how many of them may be marked correct."""

    question = blocks.TextBlock(label=_("question"))
    choices = blocks.ListBlock(ChoiceBlock(), label=_("answers"), min_num=2)
    explanation = blocks.TextBlock(label=_("explanation"), required=False)

    def marking_error(self, correct):
        """What is wrong with `correct` answers marked correct, or None."""
        raise NotImplementedError

    def clean(self, value):
        value = super().clean(value)
        error = self.marking_error(sum(1 for choice in value["choices"] if choice["correct"]))
        if error is not None:
            raise blocks.StructBlockValidationError(block_errors={"choices": ValidationError(error)})
        return value


class SingleChoiceQuestion(ChoiceQuestion):
    class Meta:
        icon = "radio-full"
        label = _("Single choice question")

    def marking_error(self, correct):
        return _("Mark exactly one answer as correct.") if correct != 1 else None


class MultipleChoiceQuestion(ChoiceQuestion):
    class Meta:
        icon = "tick-inverse"
        label = _("Multiple choice question")

    def marking_error(self, correct):
        return _("Mark at least one answer as correct.") if correct == 0 else None


class TrueFalseQuestion(blocks.StructBlock):
    question = blocks.TextBlock(label=_("statement"))
    answer = blocks.BooleanBlock(label=_("the statement is true"), required=False)
    explanation = blocks.TextBlock(label=_("explanation"), required=False)

    class Meta:
        icon = "help"
        label = _("True or false")


class QuestionPoolBlock(blocks.StreamBlock):
    single_choice = SingleChoiceQuestion()
    multiple_choice = MultipleChoiceQuestion()
    true_false = TrueFalseQuestion()


class AssessmentBlock(blocks.StructBlock):
    """A quiz: a pool of questions, some drawn for each attempt, a pass mark and an attempt limit."""

    intro = blocks.RichTextBlock(label=_("introduction"), required=False, features=RICH_FEATURES)
    pass_mark = blocks.IntegerBlock(
        label=_("pass mark (%)"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Leave blank to use the course's pass mark."),
    )
    questions_per_attempt = blocks.IntegerBlock(
        label=_("questions per attempt"),
        required=False,
        min_value=1,
        help_text=_("Leave blank to ask every question in the pool."),
    )
    max_attempts = blocks.IntegerBlock(
        label=_("attempt limit"), required=False, min_value=1, help_text=_("Leave blank for no limit.")
    )
    show_answers = blocks.ChoiceBlock(
        label=_("show the right answers"),
        choices=[
            ("after_passing", _("after the learner passes")),
            ("always", _("after every attempt")),
            ("never", _("never")),
        ],
        default="after_passing",
        required=False,
        help_text=_("Shown too early, the right answers make the next attempt a copy."),
    )
    questions = QuestionPoolBlock(label=_("question pool"), min_num=1)

    class Meta:
        icon = "form"
        label = _("Assessment")
        # Rendered by the lesson player itself (it needs the attempt), never on its own.
        template = "courses/blocks/assessment_placeholder.html"


class LessonStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Text"), features=RICH_FEATURES, icon="pilcrow")
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
    xapi_activity = XAPIActivityBlock()
    assessment = AssessmentBlock()

    class Meta:
        block_counts = {"assessment": {"max_num": 1}}
