// Stripe Elements checkout: mounts the Payment Element and confirms the PaymentIntent.
// Stripe.js itself is loaded from https://js.stripe.com/v3/ by the page, as Stripe requires.
(function () {
  "use strict";
  var form = document.getElementById("payment-form");
  if (!form || typeof Stripe === "undefined") { return; }
  var stripe = Stripe(form.dataset.publishableKey);
  var elements = stripe.elements({ clientSecret: form.dataset.clientSecret });
  elements.create("payment").mount("#payment-element");
  var message = document.getElementById("payment-message");
  var button = document.getElementById("payment-submit");

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    stripe.confirmPayment({ elements: elements, confirmParams: { return_url: form.dataset.returnUrl } })
      .then(function (result) {
        // Only reached on an immediate error; success redirects to return_url.
        if (result.error) {
          message.textContent = result.error.message;
          message.hidden = false;
          message.focus();
          button.disabled = false;
        }
      });
  });
})();
