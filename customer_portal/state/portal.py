"""The customer portal's states: the portal itself (address, branding, session), signing in, creating a
login from an invite, forgotten passwords, and the home page with the customer's tabs."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from customer_portal import i18n, routes
from customer_portal.domain.colors import Accent, accent
from customer_portal.i18n import _
from customer_portal.models import TokenPurpose
from customer_portal.services.accounts import auth_tokens, customer_auth, customer_profile
from customer_portal.services.accounts.customer_auth import CustomerIdentity
from customer_portal.services.company.company_profile import CompanyDetails
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.portal import contact_messages, portal_home, portal_view
from customer_portal.services.portal.portal_home import PortalHome
from customer_portal.services.portal.portal_view import Tab
from customer_portal.state.base import AuthState, call_service, sign_in_after_pauses
from customer_portal.state.forms import EmailForm, NewPasswordForm, SignInForm
from customer_portal.state.guards import current_customer, customer_only, public

LANGUAGE_COOKIE_SECONDS = 400 * 24 * 3600  # the longest a browser keeps a cookie (RFC 6265bis)


class PortalState(AuthState):
    portal_status: str = "loading"  # "open", "off", "missing"
    slug: str = ""
    company: CompanyDetails = CompanyDetails()
    accent: Accent = accent(CompanyDetails().accent_color)
    customer_name: str = ""
    customer_email: str = ""
    read_only: bool = False  # a staff member viewing the portal as this customer
    unavailable: str = ""  # why this page cannot be used (a section switched off, payments not set up)
    # The language this browser chose (or was given at sign-in, from the login); "" until then.
    language_choice: str = rx.Cookie("", name="cp_language", max_age=LANGUAGE_COOKIE_SECONDS, same_site="lax")

    def _requested_slug(self) -> str:
        return str(self.router.page.params.get("portal", "")).strip().lower()[:40]

    def _language(self) -> str:
        """The language of the page that sent this event: its address says it."""
        return routes.language_of(str(self.router.url.path))

    def _portal_path(self, page: str = "") -> str:
        """A page of this portal in the language being read."""
        return routes.portal_path(self.slug or self._requested_slug(), page, language=self._language())

    def _sign_in_path(self, then: str = "") -> str:
        """The sign-in page; `then` is the portal page to open after signing in (a link from an email)."""
        path = self._portal_path("sign-in")
        return f"{path}?{urlencode({'next': then})}" if then else path

    def _wanted_language(self) -> str:
        """The browser's choice; else the language of the address (an emailed link); else, at an English address,
        the first the browser's Accept-Language names that the portal speaks."""
        if self.language_choice in i18n.LANGUAGES:
            return self.language_choice
        if self._language() != i18n.ENGLISH:
            return self._language()
        return i18n.from_accept_language(str(self.router.headers.accept_language)[:500])

    def _this_page_in(self, language: str) -> str:
        return routes.in_language(routes.without_language(self._requested_page()), language)

    def _requested_page(self) -> str:
        """This page's path and query, as the browser asked for it."""
        url = self.router.url
        return f"{url.path}?{url.query}" if url.query else str(url.path)

    def _page_after_sign_in(self) -> str:
        """Where the sign-in page's `next` asks to go: only a page of this portal, never the sign-in page again
        or another site; otherwise the portal home."""
        home = self._portal_path()
        wanted = routes.local_path(str(self.router.page.params.get("next", ""))[:500], default=home)
        inside = wanted.startswith(home + "/") and not wanted.startswith(self._sign_in_path())
        return wanted if inside else home

    async def _signed_in(self, result: customer_auth.CustomerSignIn) -> None:
        """Into the portal, in the login's language: this browser keeps it from now on."""
        self.language_choice = result.language
        then = routes.in_language(routes.without_language(self._page_after_sign_in()), result.language)
        await self._hand_session_to_browser(result.token or "", then=then)

    def _remember_customer(self, identity: CustomerIdentity) -> None:
        self.customer_name, self.customer_email = identity.customer_name, identity.email
        self.read_only = identity.read_only

    @rx.event
    @public
    async def open_portal(self):
        """on_load of every portal page: which portal this address is (public information only)."""
        context = await call_service(portal_view.portal_context, slug=self._requested_slug())
        self.portal_status, self.slug, self.company = context.status, context.slug, context.company
        self.accent = context.accent
        self.unavailable = ""
        if context.status == "moved":  # an old name: the same page under the current one
            rest = self.router.url.path.split("/", 2)[2] if self.router.url.path.count("/") >= 2 else ""
            query = f"?{self.router.url.query}" if self.router.url.query else ""
            return rx.redirect(routes.portal_path(context.slug, rest) + query)
        if (wanted := self._wanted_language()) != self._language():
            return rx.redirect(self._this_page_in(wanted))
        return None

    @rx.event
    @public
    async def choose_language(self, language: str):
        """The switcher: this browser reads the portal in `language` from now on, and so does the signed-in
        customer's login on every device and in its emails; the same page opens in it."""
        chosen = i18n.supported(language)
        self.language_choice = chosen
        if self.portal_session_token:
            await call_service(customer_profile.choose_language, token=self.portal_session_token, language=chosen)
        return rx.redirect(self._this_page_in(chosen))

    @rx.event
    @public
    async def sign_out(self):
        """Revoke the session here, then have the browser drop its cookie (only an HTTP response can)."""
        if self.portal_session_token:
            await call_service(customer_auth.sign_out, token=self.portal_session_token)
        then = routes.STAFF_CUSTOMERS if self.read_only else self._sign_in_path()  # a staff view goes back
        self.customer_name, self.customer_email, self.read_only = "", "", False
        self._load_whole_page(routes.session_end("portal", then))


class PortalSignInState(PortalState):
    error: str = ""

    @rx.event
    @public
    async def sign_in(self, form: SignInForm):
        email, password = form.get("email", ""), form.get("password", "")
        if not email.strip() or not password:
            self.error = _("Enter your email and password.")
            return
        result = await sign_in_after_pauses(
            customer_auth.sign_in, email=email, password=password, client_ip=self.client_ip, language=self._language()
        )
        if result.error:
            self.error = result.error
            return
        self.error = ""
        await self._signed_in(result)


class PasswordLinkMixin(rx.State, mixin=True):
    """Create Login (from an invite) and Reset Password (from a reset email) work the same way.

    A mixin, not a parent state: Reflex runs an inherited handler on the parent's own instance, so a
    subclass overriding the link's purpose would never be consulted. Each page's state gets its own copy of
    these handlers instead, and says which kind of link it redeems.
    """

    _token: str = ""
    link_problem: str = ""
    username: str = ""
    password_error: str = ""
    password_again_error: str = ""
    form_error: str = ""
    new_link_requested: bool = False

    def _purpose(self) -> TokenPurpose:
        """Which kind of link this page redeems."""
        raise NotImplementedError

    @rx.event
    @public
    async def check_link(self):
        """on_load: show whose login this is, or why the link no longer works."""
        self._token = str(self.router.page.params.get("token", ""))[:200]
        self.password_error = self.password_again_error = self.form_error = ""
        self.new_link_requested = False
        link = await call_service(auth_tokens.check, token=self._token, purpose=self._purpose())
        self.link_problem = link.problem.value if link.problem else ""
        self.username = link.email if link.problem is None else ""

    @rx.event
    @public
    async def set_password(self, form: NewPasswordForm):
        # Public by design: the one-time link in the form is the credential, checked by the service.
        password, again = form.get("password", ""), form.get("password_again", "")
        self.password_error = self.password_again_error = self.form_error = ""
        service = customer_auth.create_login if self._purpose() == TokenPurpose.INVITE else customer_auth.reset_password
        try:
            result = await call_service(
                service,
                token=self._token,
                password=password,
                password_again=again,
                client_ip=self.client_ip,
                language=self._language(),
            )
        except ValidationFailed as error:
            self.password_error = error.field_errors.get("password", "")
            self.password_again_error = error.field_errors.get("password_again", "")
            return None
        except ServiceError as error:
            self.form_error = str(error)
            return None
        await self._signed_in(result)
        return None


class CreateLoginState(PasswordLinkMixin, PortalState):
    def _purpose(self) -> TokenPurpose:
        return TokenPurpose.INVITE

    @rx.event
    @public
    async def request_new_link(self):
        """An expired or used invite offers a fresh one (sent only if the email can still be invited)."""
        await call_service(portal_view.request_new_invite, token=self._token)
        self.new_link_requested = True


class ResetPasswordState(PasswordLinkMixin, PortalState):
    def _purpose(self) -> TokenPurpose:
        return TokenPurpose.PASSWORD_RESET


class ForgotPasswordState(PortalState):
    sent: bool = False

    @rx.event
    @public
    async def request_reset(self, form: EmailForm):
        await call_service(customer_auth.request_password_reset, email=form.get("email", ""))
        self.sent = True  # the same answer whether or not the email has a login


class PortalHomeState(PortalState):
    tabs: list[Tab] = []
    home: PortalHome | None = None

    @rx.event
    @customer_only()
    async def load_home(self):
        self.tabs = portal_view.visible_tabs(current_customer())
        self.home = await call_service(portal_home.portal_home, customer=current_customer())


class PortalContactState(PortalState):
    message: str = ""
    message_error: str = ""
    sent_to: str = ""

    @rx.event
    @public
    def set_message(self, value: str):
        self.message = contact_messages.MESSAGE_LIMIT.keep(value)

    @rx.event
    @customer_only()
    async def send_message(self):
        self.message_error = ""
        try:
            self.sent_to = await call_service(
                contact_messages.send_message, customer=current_customer(), message=self.message
            )
        except ValidationFailed as error:
            self.message_error = error.field_errors.get("message", str(error))
            return
        except ServiceError as error:
            self.message_error = str(error)
            return
        self.message = ""

    @rx.event
    @customer_only()
    async def load_contact(self):
        self.message, self.message_error, self.sent_to = "", "", ""
        if not portal_view.shows(current_customer(), "contact"):  # a hidden section has no page either
            return rx.redirect(self._portal_path())
