"""The staff pages of reviewed content (experience sheets, publications): list, write, follow,
move through the workflow, delete, attach files. Each app subclasses `ReviewWorkspace` and declares
only what differs (its model, forms, words, templates); every write goes through the workflow
services, which check permissions on the server."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import all_valid
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from passerelles.accounts.permissions import Action, can, centres_where
from passerelles.core.changes import changes_of
from passerelles.core.forms import errors_text
from passerelles.core.slugs import unique_slug
from passerelles.editorial import workflow
from passerelles.editorial.forms import TransitionForm

staff_page = method_decorator(login_required)
staff_post = method_decorator([login_required, require_POST])


class ReviewWorkspace:
    """One kind of content's staff pages. Its views are bound methods (`sheets.index`…) named in the
    app's urls; templates get the content as `content` and under `context_name`, the words, and the
    URL names. Templates: the app's `workspace/index.html` and `workspace/detail.html` (which extends
    editorial's), editorial's `workspace/edit.html`."""

    model = None
    app = ""  # URL namespace and template folder
    context_name = ""  # what the app's own templates call one content
    detail_url = ""  # URL name, in the namespace, of one content's follow-up page
    files_path = ""  # where its attached files are, under espace/<slug>/
    add_file_url = ""  # URL names, in the namespace, that attach and remove one file
    remove_file_url = ""
    reserved_slugs = ()
    slug_fallback = "contenu"
    words = {}  # French: "saved", "deleted", "not_saved", "new", "edit", "advance", "see", "delete", …
    done = {}  # workflow.Transition -> French message
    file_model = None  # an attached file, with a foreign key `file_owner` to the content
    file_owner = ""
    file_form = None  # the form of one attached file
    file_refused = Exception  # what the file services raise, with a French reason
    # The file services, as staticmethod(f): add_file(user, content, title, uploaded), remove_file(user, file).
    add_file = remove_file = None

    # What each app declares.

    def rows_queryset(self, centres):
        return self.model.objects.filter(centre__in=centres).select_related("centre")

    def index_context(self, rows, centres):
        return {}

    def detail_queryset(self):
        return self.model.objects.select_related("centre")

    def detail_context(self, request, content):
        return {}

    def form(self, request, content, centres):
        raise NotImplementedError

    def formsets(self, data, instance):
        return {}

    def save(self, user, changes, created):
        return workflow.save_content(user, changes)

    def steps(self):
        """The steps a URL may name."""
        return set(workflow.Transition.values)

    def transition(self, content, step, user, comment):
        """Apply a step named in the URL; returns its French message."""
        workflow.apply_transition(content, step, user, comment)
        return self.done[workflow.Transition(step)]

    def delete_content(self, user, content):
        raise NotImplementedError

    def file_form_kwargs(self):
        return {}

    # The shared pages.

    def url_patterns(self, *first):
        """The workspace's addresses under espace/, after the app's own `first` ones (which must win over
        `espace/<slug>/…`); the workflow steps come last, as they take any word."""
        files = f"espace/<slug:slug>/{self.files_path}/"
        return [
            *first,
            path("espace/", self.index, name="workspace"),
            path("espace/nouvelle/", self.edit, name="create"),
            path("espace/<slug:slug>/", self.detail, name=self.detail_url),
            path("espace/<slug:slug>/modifier/", self.edit, name="edit"),
            path("espace/<slug:slug>/supprimer/", self.delete, name="delete"),
            path(files, self.attach, name=self.add_file_url),
            path(f"{files}<int:pk>/retirer/", self.detach, name=self.remove_file_url),
            path("espace/<slug:slug>/<str:transition>/", self.change_status, name="change_status"),
        ]

    def template(self, name):
        return f"{self.app}/workspace/{name}.html"

    def to_detail(self, slug):
        return redirect(self.urls()["detail"], slug)

    def urls(self):
        names = {"index": "workspace", "detail": self.detail_url, "remove_file": self.remove_file_url}
        names |= {name: name for name in ("edit", "change_status", "delete")}
        return {key: f"{self.app}:{name}" for key, name in names.items()}

    def page_words(self):
        """The words above, for templates: written here, never typed by a person, so shown as written."""
        return {key: mark_safe(text) for key, text in self.words.items()}  # noqa: S308

    def context(self, content, **more):
        named = {"content": content, self.context_name: content}
        return {**named, "words": self.page_words(), "urls": self.urls(), **more}

    @staff_page
    def index(self, request):
        centres = centres_where(request.user, Action.EDIT_CONTENT)
        contents = self.rows_queryset(centres).order_by("status", "-updated_at")
        user = request.user
        rows = [(c, workflow.allowed_transitions(user, c), workflow.may_edit(user, c)) for c in contents]
        context = {"rows": rows, "centres": centres, "words": self.page_words(), **self.index_context(rows, centres)}
        return render(request, self.template("index"), context)

    @staff_page
    def edit(self, request, slug=None):
        centres = centres_where(request.user, Action.EDIT_CONTENT)
        content = get_object_or_404(self.model, slug=slug) if slug else None
        if content and not workflow.may_edit(request.user, content):
            raise PermissionDenied
        if content is None and not centres.exists():
            raise PermissionDenied
        form = self.form(request, content, centres)
        # Bound to the form's row: its parts are checked against its new values (the budget's total).
        formsets = self.formsets(request.POST or None, form.instance)
        if request.method == "POST" and form.is_valid() and all_valid(formsets.values()):
            if content is None:
                title = form.cleaned_data["title"]
                form.instance.slug = unique_slug(self.model, title, self.reserved_slugs, self.slug_fallback)
            saved = self.save(request.user, changes_of(form, *formsets.values()), created=content is None)
            messages.success(request, self.words["saved"])
            return self.to_detail(saved.slug)
        invalid_parts = any(formset.total_error_count() for formset in formsets.values())
        context = self.context(content, form=form, formsets=formsets, invalid_parts=invalid_parts)
        return render(request, "editorial/workspace/edit.html", context)

    @staff_page
    def detail(self, request, slug):
        content = get_object_or_404(self.detail_queryset(), slug=slug)
        if not can(request.user, Action.VIEW_PRIVATE, content):
            raise PermissionDenied
        context = self.context(
            content,
            transitions=[(t, t.label) for t in workflow.allowed_transitions(request.user, content)],
            may_edit=workflow.may_edit(request.user, content),
            may_delete=workflow.may_delete(request.user, content),
            form=TransitionForm(),
            file_form=self.file_form(**self.file_form_kwargs()),
            **self.detail_context(request, content),
        )
        return render(request, self.template("detail"), context)

    @staff_post
    def change_status(self, request, slug, transition):
        if transition not in self.steps():
            raise Http404
        content = get_object_or_404(self.model, slug=slug)
        form = TransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, errors_text(form))
            return self.to_detail(content.slug)
        try:
            done = self.transition(content, transition, request.user, form.cleaned_data["comment"])
            messages.success(request, done)
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        return self.to_detail(content.slug)

    @staff_post
    def delete(self, request, slug):
        self.delete_content(request.user, get_object_or_404(self.model, slug=slug))
        messages.success(request, self.words["deleted"])
        return redirect(self.urls()["index"])

    @staff_post
    def attach(self, request, slug):
        content = get_object_or_404(self.model, slug=slug)
        if not workflow.may_edit(request.user, content):
            raise PermissionDenied
        form = self.file_form(request.POST, request.FILES, **self.file_form_kwargs())
        if not form.is_valid():
            messages.error(request, self.words.get("no_file") or errors_text(form))
        else:
            try:
                self.add_file(request.user, content, form.cleaned_data["title"], form.cleaned_data["file"])
                messages.success(request, self.words["file_added"])
            except self.file_refused as error:
                messages.error(request, f"{self.words['file_refused']} : {error}")
        return self.to_detail(content.slug)

    @staff_post
    def detach(self, request, slug, pk):
        files = self.file_model.objects.select_related(self.file_owner)
        self.remove_file(request.user, get_object_or_404(files, pk=pk, **{f"{self.file_owner}__slug": slug}))
        messages.success(request, self.words["file_removed"])
        return self.to_detail(slug)
