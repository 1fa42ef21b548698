# A 3-master ejabberd cluster, managed by Terraform through terraform-provider-ejcluster.
# Names the demo sandbox's nodes (bash examples/demo, or tests/sandbox/ejsandbox start 3).
# How to install the provider locally: README.md next to this file.

terraform {
  required_version = ">= 1.11" # write-only attributes (the resource's cookie)
  required_providers {
    ejcluster = {
      source = "ejcluster/ejcluster"
    }
  }
}

# The provider's cookie serves refresh and import, which Terraform runs without the resource's
# configuration, and every resource or data source that gives none. Provider configuration is
# never stored in the state.
provider "ejcluster" {
  cookie_file = "/var/lib/ejabberd/.erlang.cookie"
}

resource "ejcluster_cluster" "xmpp" {
  nodes = ["ejabberd1@localhost", "ejabberd2@localhost", "ejabberd3@localhost"]
  seed  = "ejabberd1@localhost"

  # Optional: where tables live. Tables not named keep the seed's type on every member.
  tables = {
    roster = { type = "disc_copies" }
  }

  # remove_absent   = true                     # take out members that are not listed
  # allow_data_loss = ["ejabberd3@localhost"]  # may reset a node that holds data of its own
  # plain_mnesia    = true                     # plain Mnesia nodes, no ejabberd application
  # cookie          = var.erlang_cookie        # write-only: used by plan/apply, never stored

  timeouts = {
    connect_ms    = 5000
    table_sync_ms = 600000
  }
}

# What the nodes report now (after the cluster is converged).
data "ejcluster_status" "xmpp" {
  nodes       = ejcluster_cluster.xmpp.nodes
  cookie_file = "/var/lib/ejabberd/.erlang.cookie"
  depends_on  = [ejcluster_cluster.xmpp]
}

output "members" {
  value = ejcluster_cluster.xmpp.members
}

output "roster_placement" {
  value = ejcluster_cluster.xmpp.placement["roster"]
}

output "unreachable" {
  value = data.ejcluster_status.xmpp.unreachable
}
